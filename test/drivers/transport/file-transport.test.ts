import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTransport } from '../../../drivers/transport/file-transport.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { createPtyPair } from '../../support/pty.ts';
import { BOUND_MS, nextClose, patternBytes, receive } from './transport-helpers.ts';

/** Reads `count` bytes from a non-blocking FIFO reader fd, polling; bounded. */
async function readFifo(fd: number, count: number): Promise<Uint8Array> {
  const received = new Uint8Array(count);
  let filled = 0;
  const deadline = Date.now() + BOUND_MS;
  while (filled < count) {
    try {
      filled += readSync(fd, received, filled, count - filled, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      if (Date.now() > deadline) throw new Error(`read ${filled} of ${count} bytes in time`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  return received;
}

describe('FileTransport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends to a regular file, write-only, without truncating it', async () => {
    const path = join(dir, 'receipt.bin');
    await writeFile(path, 'before:');
    const transport = new FileTransport({ path });
    await transport.open();
    expect(transport.isReadable).toBe(false);
    await transport.write(Buffer.from('\x1b@Hola\n'));
    await transport.write(patternBytes(10_000));
    await transport.close();
    expect(await readFile(path)).toEqual(Buffer.concat([Buffer.from('before:\x1b@Hola\n'), patternBytes(10_000)]));
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'transport.not_open' });
  });

  it('fails to open a missing device with transport.open_failed and osCode ENOENT, creating nothing', async () => {
    const path = join(dir, 'lp0');
    await expect(new FileTransport({ path }).open()).rejects.toMatchObject({ code: 'transport.open_failed', osCode: 'ENOENT' });
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  describe('on a FIFO', () => {
    let fifo: string;
    let readerFd: number | undefined;
    beforeEach(() => {
      fifo = join(dir, 'printer.fifo');
      execFileSync('mkfifo', [fifo]);
    });
    afterEach(() => {
      if (readerFd !== undefined) closeSync(readerFd);
      readerFd = undefined;
    });
    const openReader = (): number => (readerFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));

    it('fails at once with osCode ENXIO when nobody reads it, instead of blocking', async () => {
      await expect(new FileTransport({ path: fifo }).open()).rejects.toMatchObject({ code: 'transport.open_failed', osCode: 'ENXIO' });
    });

    it('writes 256 KiB through the 64 KiB pipe while the reader drains it', async () => {
      const reader = openReader();
      const transport = new FileTransport({ path: fifo });
      await transport.open();
      const job = patternBytes(256 * 1024, 5);
      const [, received] = await Promise.all([transport.write(job), readFifo(reader, job.length)]);
      expect(received).toEqual(job);
      await transport.close();
    });

    it('rejects with transport.timeout when the device takes no bytes for writeTimeoutMs', async () => {
      openReader(); // a reader that never reads: the pipe fills up
      const transport = new FileTransport({ path: fifo, writeTimeoutMs: 100 });
      await transport.open();
      await expect(transport.write(patternBytes(1024 * 1024))).rejects.toMatchObject({ code: 'transport.timeout' });
      expect(transport.isOpen).toBe(true);
      await transport.close();
    });

    it('reports "disconnected" and rejects typed when the reader goes away (EPIPE)', async () => {
      const reader = openReader();
      const transport = new FileTransport({ path: fifo });
      await transport.open();
      const gone = nextClose(transport);
      closeSync(reader);
      readerFd = undefined;
      await expect(transport.write(Uint8Array.of(1, 2, 3))).rejects.toMatchObject({ code: 'transport.disconnected', osCode: 'EPIPE' });
      expect(await gone).toBe('disconnected');
      expect(transport.isOpen).toBe(false);
    });
  });

  it('reads and writes a character device (a pty), and reports EIO after unplug as "disconnected"', async () => {
    const pty = await createPtyPair();
    const device = new SerialTransport({ path: pty.b });
    const transport = new FileTransport({ path: pty.a });
    try {
      await device.open();
      await transport.open();
      expect(transport.isReadable).toBe(true);
      const atDevice = receive(device, 3);
      await transport.write(Uint8Array.of(0x10, 0x04, 0x01)); // DLE EOT 1: printer status request
      expect(await atDevice).toEqual(Uint8Array.of(0x10, 0x04, 0x01));
      const status = receive(transport, 1);
      await device.write(Uint8Array.of(0x16));
      expect(await status).toEqual(Uint8Array.of(0x16));

      const gone = nextClose(transport);
      await pty.unplug();
      await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'transport.disconnected', osCode: 'EIO' });
      expect(await gone).toBe('disconnected');
    } finally {
      await transport.close();
      await device.close();
      await pty.close();
    }
  });
});
