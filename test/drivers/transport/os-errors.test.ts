import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../drivers/transport/byte-transport.ts';
import { errnoCode, isDisconnectError } from '../../../drivers/transport/os-errors.ts';

describe('errno classification', () => {
  it('takes Node’s own error code when there is one', () => {
    expect(errnoCode(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe('EPIPE');
  });

  it.each([
    ['Error: Input/output error, cannot drain', 'EIO'], // bindings-cpp native (strerror)
    ['bad file descriptor', 'EBADF'], // bindings-cpp poller (uv_strerror), a pty whose master closed
    ['Error: No such file or directory, cannot open /dev/ttyUSB0', 'ENOENT'],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'EACCES'],
    ['Error Resource temporarily unavailable Cannot lock port', 'EAGAIN'],
    ['Error: No such device, cannot drain', 'ENODEV'],
    ['Error: No such device or address, cannot open', 'ENXIO'],
  ])('names the errno in serialport’s message %j as %s', (message, code) => {
    expect(errnoCode(new Error(message))).toBe(code);
  });

  it('treats EIO, ENXIO, ENODEV, EBADF, EPIPE and ECONNRESET as the device going away, and EACCES not', () => {
    for (const code of ['EIO', 'ENXIO', 'ENODEV', 'EBADF', 'EPIPE', 'ECONNRESET']) expect(isDisconnectError({ code })).toBe(true);
    expect(isDisconnectError({ code: 'EACCES' })).toBe(false);
    expect(isDisconnectError(new Error('something else'))).toBe(false);
    expect(isDisconnectError(undefined)).toBe(false);
  });

  it('gives a TransportError the OS code of its cause, for technicians', () => {
    expect(new TransportError('transport.open_failed', 'x', { cause: new Error('Error: Permission denied, cannot open') }).osCode).toBe('EACCES');
    expect(new TransportError('transport.not_open', 'x').osCode).toBeUndefined();
  });
});
