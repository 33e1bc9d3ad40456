/**
 * The simulators' end of a socat pty, against the real SerialTransport a
 * driver would open at its link.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { SocatPtyLink } from '../../../drivers/transport/socat-pty-link.ts';
import { BOUND_MS, nextClose, patternBytes, receive } from './transport-helpers.ts';

describe('SocatPtyLink', { timeout: 4 * BOUND_MS }, () => {
  let dir: string;
  let path: string;
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(made: T): T => (opened.push(made), made);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-link-'));
    path = join(dir, 'device');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the link on open and carries bytes both ways to a SerialTransport on it', async () => {
    const device = track(new SocatPtyLink({ path }));
    await device.open();
    expect(device.isOpen).toBe(true);
    expect(existsSync(path)).toBe(true);
    const host = track(new SerialTransport({ path, baudRate: 115_200 }));
    await host.open();

    const reply = patternBytes(300);
    const atHost = receive(host, reply.length);
    await device.write(reply);
    expect(await atHost).toEqual(reply);

    const command = patternBytes(40, 7);
    const atDevice = receive(device, command.length);
    await host.write(command);
    expect(await atDevice).toEqual(command);
  });

  it('closing is the unplug: the link vanishes, the host sees a disconnect, writes are refused; opening again is the replug', async () => {
    const device = track(new SocatPtyLink({ path }));
    await device.open();
    const host = track(new SerialTransport({ path, baudRate: 9600 }));
    await host.open();
    const hostClosed = nextClose(host);
    const deviceClosed = nextClose(device);

    await device.close();
    expect(await deviceClosed).toBe('closed');
    expect(await hostClosed).toBe('disconnected');
    expect(device.isOpen).toBe(false);
    expect(existsSync(path)).toBe(false);
    await expect(device.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'transport.not_open' });

    await device.open();
    expect(existsSync(path)).toBe(true);
    await host.open();
    const atHost = receive(host, 3);
    await device.write(Uint8Array.of(1, 2, 3));
    expect(await atHost).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('replaces a symlink a killed socat left behind', async () => {
    await symlink('/dev/null', path);
    const device = track(new SocatPtyLink({ path }));
    await device.open();
    expect(device.isOpen).toBe(true);
  });

  it('refuses to replace something at the path that is not a symlink', async () => {
    await writeFile(path, 'not ours');
    const device = new SocatPtyLink({ path });
    await expect(device.open()).rejects.toMatchObject({
      name: 'TransportError',
      code: 'transport.open_failed',
      message: expect.stringContaining('not a symlink'),
    });
    expect(device.isOpen).toBe(false);
    await device.close();
    expect(existsSync(path)).toBe(true);
  });

  it('fails to open with transport.open_failed when socat cannot start', async () => {
    const device = new SocatPtyLink({ path, socatPath: join(dir, 'no-such-socat') });
    await expect(device.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed' });
    expect(existsSync(path)).toBe(false);
  });
});
