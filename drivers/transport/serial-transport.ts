/**
 * ByteTransport over a serial port (USB-serial bridges such as CP210x, CH340,
 * FTDI, and the ptys the byte-level simulators run on), using serialport 13.
 *
 * Defaults are the R30x module's UART: 57600 baud, 8N1, no flow control
 * (hardware-protocols.md §1.1, ZFM-20 manual §3.1.1.2).
 *
 * What serialport 13 does on unplug, seen on Linux against socat ptys (the
 * tests in test/drivers/transport/serial-transport.test.ts): a read parked in
 * the poller fails ("bad file descriptor") and the stream closes itself,
 * emitting 'close' with a DisconnectedError; a read issued after the hang-up
 * gets end-of-file, which serialport retries forever without a word, and a
 * write in flight fails with EIO, after which the Writable emits 'error' and
 * 'close' *twice* (once from autoDestroy with no argument, once from
 * serialport with the DisconnectedError). A write or drain issued on the
 * closed stream never calls back: it is queued for an 'open' that never comes.
 * So this class classifies the first 'close', settles every pending write
 * itself, and never hands the port a write once it is not open; and
 * serial-binding.ts turns end-of-file into the disconnect it is (and fixes a
 * poller bug that could stall reads while a write waits).
 */
import { SerialPort, type SerialPortOpenOptions } from 'serialport';
import type { AutoDetectTypes } from '@serialport/bindings-cpp';
import { type BaudConfigurable, type ByteTransport, type TransportCloseReason, TransportError } from './byte-transport.ts';
import { ListenerSet } from './listener-set.ts';
import { isDisconnectError } from './os-errors.ts';
import { hangupAwareBinding } from './serial-binding.ts';
import { listLinuxSerialPorts, type SerialPortInfo } from './serial-port-list.ts';

export type { SerialPortInfo } from './serial-port-list.ts';

export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export type SerialPortFactory = (options: SerialPortOpenOptions<AutoDetectTypes>, onOpen: (error: Error | null) => void) => SerialPort;

export interface SerialTransportOptions {
  path: string;
  /** Default 57600, the R30x power-on rate (reference §1.1). */
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: SerialParity;
  stopBits?: 1 | 1.5 | 2;
  /**
   * Seam for tests (to reach the underlying port); defaults to `new SerialPort(...)`.
   * The options it receives carry the hang-up-aware binding; pass them on whole.
   */
  createPort?: SerialPortFactory;
}

const HANGUP_AWARE_BINDING = hangupAwareBinding();

const defaultFactory: SerialPortFactory = (options, onOpen) => new SerialPort(options, onOpen);

type State = 'closed' | 'opening' | 'open' | 'closing';

export class SerialTransport implements ByteTransport, BaudConfigurable {
  readonly kind = 'serial' as const;
  readonly target: string;
  readonly #options: Required<Omit<SerialTransportOptions, 'createPort'>>;
  readonly #createPort: SerialPortFactory;
  readonly #dataListeners = new ListenerSet<[Uint8Array]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  /** Reject functions of writes not yet settled; teardown settles them all. */
  readonly #pendingWrites = new Set<(error: TransportError) => void>();
  #state: State = 'closed';
  #port: SerialPort | undefined;
  #detach: (() => void) | undefined;
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SerialTransportOptions) {
    this.target = options.path;
    this.#options = {
      path: options.path,
      baudRate: options.baudRate ?? 57600,
      dataBits: options.dataBits ?? 8,
      parity: options.parity ?? 'none',
      stopBits: options.stopBits ?? 1,
    };
    this.#createPort = options.createPort ?? defaultFactory;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** The current line speed; a later open() reuses the last one set. */
  get baudRate(): number {
    return this.#options.baudRate;
  }

  async open(): Promise<void> {
    if (this.#closing) await this.#closing;
    if (this.#state === 'open') return;
    this.#opening ??= this.#openPort().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined); // a failed open leaves nothing to close
    if (this.#closing) return this.#closing;
    const port = this.#port;
    if (this.#state !== 'open' || !port) return;
    this.#state = 'closing';
    this.#closing = new Promise<void>((resolve) => {
      // A close error here means the fd is already gone (unplugged meanwhile);
      // either way the port is closed and teardown releases it.
      port.close(() => resolve());
    }).then(() => {
      this.#closing = undefined;
      this.#teardown('closed');
    });
    return this.#closing;
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (this.#state !== 'open' || !port) {
      return Promise.reject(new TransportError('transport.not_open', `serial port ${this.target} is not open`));
    }
    if (bytes.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: TransportError): void => {
        if (!this.#pendingWrites.delete(fail)) return; // already settled by teardown
        if (error) reject(error);
        else resolve();
      };
      const fail = (error: TransportError): void => settle(error);
      this.#pendingWrites.add(fail);
      port.write(Buffer.from(bytes), (writeError) => {
        if (writeError) return settle(this.#writeError(writeError));
        // The interface promises "drained": tcdrain, so the bytes have left the UART.
        port.drain((drainError) => settle(drainError ? this.#writeError(drainError) : undefined));
      });
    });
  }

  async setBaudRate(baud: number): Promise<void> {
    if (!Number.isInteger(baud) || baud <= 0) throw new TransportError('transport.config_failed', `invalid baud rate ${baud}`);
    const port = this.#port;
    if (this.#state !== 'open' || !port) throw new TransportError('transport.not_open', `serial port ${this.target} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.update({ baudRate: baud }, (error) =>
        error ? reject(new TransportError('transport.config_failed', `cannot set ${this.target} to ${baud} baud`, { cause: error })) : resolve(),
      );
    });
    this.#options.baudRate = baud;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  #openPort(): Promise<void> {
    this.#state = 'opening';
    return new Promise<void>((resolve, reject) => {
      const failed = (cause: unknown): void => {
        this.#state = 'closed';
        reject(new TransportError('transport.open_failed', `cannot open serial port ${this.target}`, { cause }));
      };
      let port: SerialPort;
      const opened = (error: Error | null): void => {
        if (error) {
          this.#release(port, undefined);
          return failed(error);
        }
        this.#port = port;
        this.#detach = this.#attach(port);
        this.#state = 'open';
        resolve();
      };
      try {
        const { path, baudRate, dataBits, parity, stopBits } = this.#options;
        // No flow control: the R30x UART has no RTS/CTS (reference §1.1), and
        // XON/XOFF would eat 0x11/0x13 bytes of binary packets.
        const options: SerialPortOpenOptions<AutoDetectTypes> = {
          path,
          baudRate,
          dataBits,
          parity,
          stopBits,
          rtscts: false,
          xon: false,
          xoff: false,
          xany: false,
        };
        // Not in the option type (SerialPort fills it in), but honoured: serialport.js spreads our options over its default.
        Object.assign(options, { binding: HANGUP_AWARE_BINDING });
        // Deferred a microtask so `port` is assigned even if a factory calls back synchronously.
        port = this.#createPort(options, (error) => queueMicrotask(() => opened(error)));
      } catch (error) {
        failed(error); // invalid options throw synchronously
      }
    });
  }

  /** Subscribes to the port; returns the function that removes exactly those listeners. */
  #attach(port: SerialPort): () => void {
    let lastError: unknown;
    const onData = (chunk: Buffer): void => {
      if (this.#state === 'open') this.#dataListeners.emit(chunk);
    };
    const onError = (error: unknown): void => {
      lastError = error;
    };
    const onClose = (error?: unknown): void => {
      if (this.#state !== 'open') return; // our own close(), or a failed open
      // "Port is not open" from a write or drain that reached the port after it closed underneath us is a consequence of the close, not its cause.
      const cause = error ?? (isPortNotOpen(lastError) ? undefined : lastError);
      const disconnected = cause === undefined || isDisconnectError(cause) || (typeof cause === 'object' && cause !== null && 'disconnected' in cause);
      this.#teardown(disconnected ? 'disconnected' : 'error');
    };
    // A read of 0 bytes ends the stream without closing it: the device is gone.
    const onEnd = (): void => {
      if (this.#state === 'open') this.#teardown('disconnected');
    };
    port.on('data', onData);
    port.on('error', onError);
    port.on('close', onClose);
    port.on('end', onEnd);
    return () => {
      port.off('data', onData);
      port.off('error', onError);
      port.off('close', onClose);
      port.off('end', onEnd);
    };
  }

  #teardown(reason: TransportCloseReason): void {
    const port = this.#port;
    if (this.#state === 'closed' || !port) return;
    this.#state = 'closed';
    this.#port = undefined;
    this.#release(port, this.#detach);
    this.#detach = undefined;
    const error = new TransportError(
      reason === 'closed' ? 'transport.not_open' : 'transport.disconnected',
      `serial port ${this.target} closed (${reason}) before the write completed`,
    );
    for (const fail of [...this.#pendingWrites]) fail(error);
    this.#closeListeners.emit(reason);
  }

  /** Closes the fd if still open and destroys the stream, after which Node ignores its late errors. */
  #release(port: SerialPort, detach: (() => void) | undefined): void {
    if (port.isOpen) port.close(() => undefined); // best effort: the device may already be gone
    port.destroy();
    detach?.();
  }

  #writeError(cause: Error): TransportError {
    // A write cut off by our own close() fails with bindings-cpp's "Canceled"; that is "not open", not a fault.
    const closing = this.#state === 'closing' || (typeof cause === 'object' && 'canceled' in cause && cause.canceled === true && this.#state !== 'open');
    // While we hold the port open, serialport saying it is not open means it closed underneath us: the device went away.
    const gone = isDisconnectError(cause) || (this.#state === 'open' && isPortNotOpen(cause));
    const code = closing ? 'transport.not_open' : gone ? 'transport.disconnected' : 'transport.write_failed';
    return new TransportError(code, `write to serial port ${this.target} failed`, { cause });
  }
}

/**
 * Serial ports the OS knows, for the technician's "which port is the reader on?".
 * On Linux they are read from sysfs (serial-port-list.ts), not through
 * serialport's lister, which needs udevadm; elsewhere serialport asks the OS.
 */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  if (process.platform === 'linux') return listLinuxSerialPorts();
  const ports = await SerialPort.list();
  return ports.map((port) => ({
    path: port.path,
    vendorId: parseUsbId(port.vendorId),
    productId: parseUsbId(port.productId),
    manufacturer: port.manufacturer,
    serialNumber: port.serialNumber,
    stablePath: undefined,
  }));
}

/** serialport reports USB ids as hex strings ("10c4"; upper case on Windows). */
function parseUsbId(id: string | undefined): number | undefined {
  return id !== undefined && /^[0-9a-f]{1,4}$/i.test(id) ? Number.parseInt(id, 16) : undefined;
}

/** serialport's own error for an operation on a port it has already closed (SerialPort#write, #drain). */
function isPortNotOpen(error: unknown): boolean {
  return error instanceof Error && error.message === 'Port is not open';
}
