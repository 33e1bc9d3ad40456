import { createServer, type Server, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../drivers/transport/tcp-transport.ts';
import { BOUND_MS, nextClose, patternBytes, receive } from './transport-helpers.ts';

/** A stand-in for a printer on port 9100: records what it receives and hands us its sockets. */
function printerServer(): Promise<{ server: Server; port: number; sockets: Socket[]; received: () => Buffer; nextSocket: () => Promise<Socket> }> {
  const sockets: Socket[] = [];
  const chunks: Buffer[] = [];
  const waiting: ((socket: Socket) => void)[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // resets are what some tests do on purpose
    waiting.shift()?.(socket);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        server,
        port,
        sockets,
        received: () => Buffer.concat(chunks),
        nextSocket: () => new Promise<Socket>((accept) => (sockets.length > waiting.length ? accept(sockets.at(-1)!) : waiting.push(accept))),
      });
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('TcpTransport against a local server', () => {
  let printer: Awaited<ReturnType<typeof printerServer>>;
  beforeEach(async () => {
    printer = await printerServer();
  });
  afterEach(async () => {
    for (const socket of printer.sockets) socket.destroy();
    await new Promise((resolve) => printer.server.close(resolve));
  });

  it('carries bytes both ways, a 1 MiB job included', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    await transport.open();
    expect(transport.target).toBe(`127.0.0.1:${printer.port}`);
    const socket = await printer.nextSocket();
    const job = patternBytes(1024 * 1024);
    await transport.write(job);
    await until(() => printer.received().length === job.length);
    expect(new Uint8Array(printer.received())).toEqual(job);

    const status = receive(transport, 1);
    socket.write(Buffer.of(0x12)); // a DLE EOT-style status byte
    expect(await status).toEqual(Uint8Array.of(0x12));
    await transport.close();
  });

  it('reports "disconnected" when the printer closes the connection, then rejects writes as not open', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    await transport.open();
    const gone = nextClose(transport);
    (await printer.nextSocket()).end();
    expect(await gone).toBe('disconnected');
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'transport.not_open' });
  });

  it('reports "disconnected" when the printer resets the connection', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    await transport.open();
    const gone = nextClose(transport);
    (await printer.nextSocket()).resetAndDestroy();
    expect(await gone).toBe('disconnected');
  });

  it('closes gracefully after flushing, reports "closed" once, and reconnects', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    const reasons: string[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await Promise.all([transport.open(), transport.open()]);
    await transport.write(Buffer.from('receipt\n'));
    await Promise.all([transport.close(), transport.close()]);
    await transport.close();
    expect(reasons).toEqual(['closed']);
    expect(printer.received().toString()).toBe('receipt\n');
    expect(printer.sockets).toHaveLength(1);

    await transport.open();
    await transport.write(Buffer.from('again'));
    await until(() => printer.received().toString() === 'receipt\nagain');
    await transport.close();
    expect(printer.sockets).toHaveLength(2);
  });

  it('fails with transport.open_failed (ECONNREFUSED) when nothing listens', async () => {
    const closed = await printerServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const transport = new TcpTransport({ host: '127.0.0.1', port: closed.port });
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed', osCode: 'ECONNREFUSED' });
  });

  it('gives up connecting after the connect timeout with transport.timeout', async () => {
    let socket: Socket | undefined;
    // A socket that never connects stands in for a printer that drops SYNs.
    const transport = new TcpTransport({ host: '192.0.2.1', port: 9100, connectTimeoutMs: 50, connect: () => (socket = new Socket()) });
    await expect(transport.open()).rejects.toMatchObject({ code: 'transport.timeout' });
    expect(socket?.destroyed).toBe(true);
    expect(socket?.listenerCount('error')).toBe(0);
  });
});
