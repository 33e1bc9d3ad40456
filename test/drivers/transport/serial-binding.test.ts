import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import type { AutoDetectTypes } from '@serialport/bindings-cpp';
import { afterEach, describe, expect, it } from 'vitest';
import { hangupAwareBinding } from '../../../drivers/transport/serial-binding.ts';

/** bindings-cpp's Poller as its native half behaves: poll(flags) watches exactly `flags` from then on. */
class NativeLikePoller extends EventEmitter {
  watching = 0;
  poll(flags: number): void {
    this.watching = flags;
  }
  override once(event: string, callback: (error: Error | null) => void): this {
    this.poll(event === 'readable' ? 1 : event === 'writable' ? 2 : 4); // bindings-cpp poller.js
    return super.once(event, callback);
  }
}

interface FakePort {
  fd: number | null;
  isOpen: boolean;
  poller: NativeLikePoller;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

async function openThrough(fd: number | null): Promise<FakePort> {
  const port: FakePort = {
    fd,
    isOpen: fd !== null,
    poller: new NativeLikePoller(),
    read: () => Promise.reject(new Error('the original read must not be used')),
  };
  const base = { list: async () => [], open: async () => port } as unknown as AutoDetectTypes;
  return (await hangupAwareBinding(base).open({ path: '/dev/fake', baudRate: 57600 })) as unknown as FakePort;
}

describe('hangupAwareBinding (fixes to @serialport/bindings-cpp 13 unix ports)', () => {
  const fds: number[] = [];
  afterEach(() => fds.splice(0).forEach((fd) => closeSync(fd)));

  it('keeps watching for readable while a write waits for writable, and the other way round', async () => {
    const port = await openThrough(3);
    port.poller.once('readable', () => undefined);
    port.poller.once('writable', () => undefined);
    expect(port.poller.watching).toBe(0b011);
    port.poller.emit('readable', null);
    port.poller.once('readable', () => undefined);
    expect(port.poller.watching).toBe(0b011);
  });

  it('reports a read of 0 bytes (end of file: hung up) as an EIO disconnect instead of reading again', async () => {
    const fd = openSync('/dev/null', 'r'); // read() on /dev/null returns 0 at once, as a hung-up tty does
    fds.push(fd);
    const port = await openThrough(fd);
    await expect(port.read(Buffer.alloc(16), 0, 16)).rejects.toMatchObject({ code: 'EIO', disconnect: true });
  });

  it('cancels a read on a port that is not open, the way serialport expects for its own close()', async () => {
    const port = await openThrough(null);
    await expect(port.read(Buffer.alloc(16), 0, 16)).rejects.toMatchObject({ canceled: true });
  });
});
