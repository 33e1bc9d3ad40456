/**
 * A byte pipe to a device, whatever carries it: a serial port, a HID-to-UART
 * bridge, a TCP socket (printers on port 9100) or a device file
 * (/dev/usb/lp0). Protocol codecs sit on top and never know which.
 * (node-serialport and libfprint keep transport, codec and simulator apart the
 * same way; CONVENTIONS.md.)
 */
import { errnoCode } from './os-errors.ts';

export type TransportKind = 'serial' | 'hid' | 'tcp' | 'file';

/** Why a transport closed: asked to, the device went away, or an I/O error. */
export type TransportCloseReason = 'closed' | 'disconnected' | 'error';

export interface ByteTransport {
  readonly kind: TransportKind;
  /** Human-readable target for logs and technicians (a path or host:port; never personal data). */
  readonly target: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Resolves once the bytes are handed to the OS (drained for serial). Rejects with TransportError. */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (reason: TransportCloseReason) => void): () => void;
}

/** Transports whose line speed can change while open (serial, and the CP2110's UART). */
export interface BaudConfigurable {
  setBaudRate(baud: number): Promise<void>;
}

export type TransportErrorCode =
  | 'transport.not_open'
  | 'transport.open_failed'
  | 'transport.write_failed'
  | 'transport.disconnected'
  /** A bounded wait ran out: TCP connect, a device file that stops accepting bytes. */
  | 'transport.timeout'
  /** The line settings (baud, parity, …) were refused by the port or the bridge. */
  | 'transport.config_failed';

export class TransportError extends Error {
  readonly code: TransportErrorCode;
  /**
   * The OS error code behind it when there is one (ENOENT, EACCES, EBUSY,
   * ECONNREFUSED, EIO …), so a technician can tell "not plugged in" from
   * "no permission" (a missing udev rule) without reading a stack.
   */
  readonly osCode: string | undefined;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
    this.osCode = errnoCode(options?.cause);
  }
}
