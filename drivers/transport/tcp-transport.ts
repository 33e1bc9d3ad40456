/**
 * ByteTransport over raw TCP: network receipt printers listening on port 9100
 * ("RAW"/JetDirect printing: bytes in are ESC/POS, bytes out are status
 * replies such as DLE EOT answers), and the simulated printer.
 *
 * Connect is bounded by a timeout. Once connected, Nagle is off (a status
 * query is a few bytes and waits for its answer) and TCP keep-alive is on, so
 * a printer that loses power mid-session is eventually noticed even when we
 * are not writing. A peer that closes or resets is 'disconnected'.
 */
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { type ByteTransport, type TransportCloseReason, TransportError } from './byte-transport.ts';
import { ListenerSet } from './listener-set.ts';
import { isDisconnectError } from './os-errors.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Idle time before the first keep-alive probe; default 10 000 ms. */
  keepAliveMs?: number;
  /** How long close() waits for the peer to finish after our FIN before dropping the socket; default 2000 ms. */
  closeTimeoutMs?: number;
  /** Seam for tests; defaults to node:net's connect. */
  connect?: (options: NetConnectOpts) => Socket;
}

export class TcpTransport implements ByteTransport {
  readonly kind = 'tcp' as const;
  readonly target: string;
  readonly #options: TcpTransportOptions;
  readonly #dataListeners = new ListenerSet<[Uint8Array]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  readonly #pendingWrites = new Set<(error: TransportError) => void>();
  #socket: Socket | undefined;
  #closing = false;
  #opening: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: TcpTransportOptions) {
    this.#options = options;
    this.target = `${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    return this.#socket !== undefined && !this.#closing;
  }

  async open(): Promise<void> {
    if (this.#closed) await this.#closed;
    if (this.#socket) return;
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    const socket = this.#socket;
    if (!socket) return;
    if (this.#closed) return this.#closed;
    this.#closing = true;
    this.#closed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), this.#options.closeTimeoutMs ?? 2000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(); // flushes what is queued (the rest of a receipt) before FIN
    });
    return this.#closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || this.#closing) return Promise.reject(new TransportError('transport.not_open', `TCP connection to ${this.target} is not open`));
    if (bytes.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const fail = (error: TransportError): void => {
        if (this.#pendingWrites.delete(fail)) reject(error);
      };
      this.#pendingWrites.add(fail);
      socket.write(Buffer.from(bytes), (error) => {
        if (error)
          fail(
            new TransportError(isDisconnectError(error) ? 'transport.disconnected' : 'transport.write_failed', `write to ${this.target} failed`, {
              cause: error,
            }),
          );
        else if (this.#pendingWrites.delete(fail)) resolve();
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  #connect(): Promise<void> {
    const { host, port } = this.#options;
    const socket = (this.#options.connect ?? connect)({ host, port });
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: TransportError): void => {
        clearTimeout(timer);
        socket.removeListener('connect', onConnect);
        socket.removeListener('error', onError);
        if (!error) return resolve();
        socket.destroy();
        reject(error);
      };
      const onConnect = (): void => {
        socket.setNoDelay(true);
        socket.setKeepAlive(true, this.#options.keepAliveMs ?? 10_000);
        this.#attach(socket);
        this.#socket = socket;
        settle();
      };
      const onError = (cause: Error): void => settle(new TransportError('transport.open_failed', `cannot connect to ${this.target}`, { cause }));
      const timeoutMs = this.#options.connectTimeoutMs ?? 5000;
      const timer = setTimeout(() => settle(new TransportError('transport.timeout', `no connection to ${this.target} within ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', onConnect);
      socket.once('error', onError);
    });
  }

  #attach(socket: Socket): void {
    let lastError: Error | undefined;
    const onData = (chunk: Buffer): void => this.#dataListeners.emit(chunk);
    const onError = (error: Error): void => {
      lastError = error; // 'close' follows
    };
    const onClose = (): void => {
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      const reason: TransportCloseReason = this.#closing ? 'closed' : lastError && !isDisconnectError(lastError) ? 'error' : 'disconnected';
      this.#socket = undefined;
      this.#closing = false;
      this.#closed = undefined;
      const error = new TransportError(
        reason === 'closed' ? 'transport.not_open' : 'transport.disconnected',
        `TCP connection to ${this.target} closed (${reason})`,
        { cause: lastError },
      );
      for (const fail of [...this.#pendingWrites]) fail(error);
      this.#closeListeners.emit(reason);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.once('close', onClose);
  }
}
