/**
 * ByteTransport over a device file: a USB printer class node (/dev/usb/lp0,
 * Linux usblp), a FIFO, or a plain file (to capture a receipt).
 *
 * Opened O_NONBLOCK so that nothing here can park a libuv thread forever: a
 * FIFO with no reader fails at once with ENXIO instead of blocking open(), and
 * a printer that stops taking bytes (paper out, cover open) makes write()
 * return EAGAIN, which we retry until `writeTimeoutMs` and then report as
 * 'transport.timeout' so the driver can go and read the printer's status.
 * O_NOCTTY keeps a tty given here from becoming our controlling terminal.
 *
 * Reading: usblp answers reads on bidirectional printers (status bytes), so a
 * character device is opened read-write and polled; if the OS refuses read
 * access we fall back to write-only. FIFOs and regular files are write-only
 * (reading one back would return our own output, not the device's).
 */
import { constants, type FileHandle, open, stat } from 'node:fs/promises';
import { type ByteTransport, type TransportCloseReason, TransportError } from './byte-transport.ts';
import { ListenerSet } from './listener-set.ts';
import { errnoCode, isDisconnectError } from './os-errors.ts';

export interface FileTransportOptions {
  path: string;
  /** 'auto' (default): read a character device if the OS allows it; 'never': write-only. */
  read?: 'auto' | 'never';
  /** How long a write may wait for a device that accepts no bytes; default 10 000 ms. */
  writeTimeoutMs?: number;
  /** Pause between retries while the device is busy or has nothing to read; default 20 ms. */
  pollIntervalMs?: number;
}

const { O_WRONLY, O_RDWR, O_NOCTTY, O_NONBLOCK, O_APPEND } = constants;
const READ_SIZE = 4096;

export class FileTransport implements ByteTransport {
  readonly kind = 'file' as const;
  readonly target: string;
  readonly #options: Required<FileTransportOptions>;
  readonly #dataListeners = new ListenerSet<[Uint8Array]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  readonly #pending = new Set<(error: TransportError) => void>();
  #handle: FileHandle | undefined;
  #readable = false;
  #reading: Promise<void> | undefined;
  #writes: Promise<unknown> = Promise.resolve();
  #opening: Promise<void> | undefined;

  constructor(options: FileTransportOptions) {
    this.target = options.path;
    this.#options = { read: 'auto', writeTimeoutMs: 10_000, pollIntervalMs: 20, ...options };
  }

  get isOpen(): boolean {
    return this.#handle !== undefined;
  }

  /** Whether the device file was opened for reading too (a character device that allows it). */
  get isReadable(): boolean {
    return this.#readable;
  }

  async open(): Promise<void> {
    if (this.#handle) return;
    this.#opening ??= this.#openFile().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    await this.#teardown('closed');
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.#handle) return Promise.reject(this.#notOpen());
    if (bytes.length === 0) return Promise.resolve();
    const copy = Buffer.from(bytes);
    return new Promise<void>((resolve, reject) => {
      const fail = (error: TransportError): void => {
        if (this.#pending.delete(fail)) reject(error);
      };
      this.#pending.add(fail);
      // One write at a time: a partial write must finish before the next one starts.
      this.#writes = this.#writes.then(async () => {
        try {
          await this.#writeAll(copy, () => !this.#pending.has(fail));
          if (this.#pending.delete(fail)) resolve();
        } catch (error) {
          const typed =
            error instanceof TransportError ? error : new TransportError('transport.write_failed', `write to ${this.target} failed`, { cause: error });
          fail(typed);
          if (typed.code === 'transport.disconnected') void this.#teardown('disconnected');
        }
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  async #openFile(): Promise<void> {
    const failed = (cause: unknown): TransportError => new TransportError('transport.open_failed', `cannot open device file ${this.target}`, { cause });
    let info;
    try {
      info = await stat(this.target);
    } catch (cause) {
      throw failed(cause);
    }
    const base = O_NOCTTY | O_NONBLOCK | (info.isFile() ? O_APPEND : 0);
    let handle: FileHandle | undefined;
    if (this.#options.read === 'auto' && info.isCharacterDevice()) {
      handle = await open(this.target, O_RDWR | base).catch((cause: unknown) => {
        if (['EACCES', 'EPERM', 'EINVAL', 'EROFS'].includes(errnoCode(cause) ?? '')) return undefined; // write-only it is
        throw failed(cause);
      });
    }
    this.#readable = handle !== undefined;
    try {
      handle ??= await open(this.target, O_WRONLY | base);
    } catch (cause) {
      throw failed(cause); // ENXIO: a FIFO nobody reads; ENOENT: unplugged since stat
    }
    this.#handle = handle;
    if (this.#readable) this.#reading = this.#readLoop(handle);
  }

  async #writeAll(bytes: Buffer, abandoned: () => boolean): Promise<void> {
    const deadline = Date.now() + this.#options.writeTimeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      const handle = this.#handle;
      if (!handle || abandoned()) throw this.#notOpen();
      try {
        offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
      } catch (cause) {
        const code = errnoCode(cause);
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') {
          throw new TransportError(isDisconnectError(cause) ? 'transport.disconnected' : 'transport.write_failed', `write to ${this.target} failed`, { cause });
        }
        if (Date.now() > deadline) {
          throw new TransportError('transport.timeout', `${this.target} accepted ${offset} of ${bytes.length} bytes within ${this.#options.writeTimeoutMs} ms`);
        }
        await this.#pause();
      }
    }
  }

  async #readLoop(handle: FileHandle): Promise<void> {
    const buffer = Buffer.alloc(READ_SIZE);
    while (this.#handle === handle) {
      let bytesRead = 0;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, READ_SIZE, null));
      } catch (cause) {
        const code = errnoCode(cause);
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') {
          await this.#pause();
          continue;
        }
        if (this.#handle === handle) void this.#teardown(isDisconnectError(cause) ? 'disconnected' : 'error');
        return;
      }
      if (this.#handle !== handle) return;
      if (bytesRead > 0) this.#dataListeners.emit(Uint8Array.from(buffer.subarray(0, bytesRead)));
      // 0 bytes: nothing to say now (usblp can complete a read empty); writes will notice a dead device.
      else await this.#pause();
    }
  }

  async #teardown(reason: TransportCloseReason): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = undefined;
    this.#readable = false;
    const error = new TransportError(reason === 'closed' ? 'transport.not_open' : 'transport.disconnected', `device file ${this.target} closed (${reason})`);
    for (const fail of [...this.#pending]) fail(error);
    this.#closeListeners.emit(reason);
    await this.#reading;
    this.#reading = undefined;
    // After a disconnect the fd may already be unusable; it is released either way.
    await handle.close().catch(() => undefined);
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.#options.pollIntervalMs));
  }

  #notOpen(): TransportError {
    return new TransportError('transport.not_open', `device file ${this.target} is not open`);
  }
}
