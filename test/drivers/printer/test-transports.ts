/**
 * Test-only ByteTransports for the printer driver: a device-file stand-in that
 * only swallows bytes, and a serial stand-in whose status answers a test
 * decides (garbage, silence, an unplug). The TCP path uses the real
 * drivers/transport/tcp-transport.ts.
 */
import type { ByteTransport, TransportCloseReason, TransportKind } from '../../../drivers/transport/byte-transport.ts';

abstract class BaseTransport implements ByteTransport {
  abstract readonly kind: TransportKind;
  abstract readonly target: string;
  protected dataListeners = new Set<(chunk: Uint8Array) => void>();
  protected closeListeners = new Set<(reason: TransportCloseReason) => void>();
  abstract get isOpen(): boolean;
  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  abstract write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void {
    const entry = (chunk: Uint8Array) => listener(chunk);
    this.dataListeners.add(entry);
    return () => this.dataListeners.delete(entry);
  }
  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    const entry = (reason: TransportCloseReason) => listener(reason);
    this.closeListeners.add(entry);
    return () => this.closeListeners.delete(entry);
  }
  protected emitData(chunk: Uint8Array): void {
    for (const l of [...this.dataListeners]) l(chunk);
  }
  protected emitClose(reason: TransportCloseReason): void {
    for (const l of [...this.closeListeners]) l(reason);
  }
}

/** A USB printer device file: accepts bytes, never answers. */
export class SinkFileTransport extends BaseTransport {
  readonly kind = 'file';
  readonly target = '/dev/usb/lp-test';
  #open = false;
  readonly received: Uint8Array[] = [];
  get isOpen(): boolean {
    return this.#open;
  }
  async open(): Promise<void> {
    this.#open = true;
  }
  async close(): Promise<void> {
    this.#open = false;
  }
  async write(bytes: Uint8Array): Promise<void> {
    this.received.push(bytes);
  }
}

/** Answers each DLE EOT with whatever `answer` returns (undefined = silence). */
export class ScriptedTransport extends BaseTransport {
  readonly kind = 'serial';
  readonly target = '/dev/ttyTEST';
  #open = false;
  readonly writes: Uint8Array[] = [];
  answer: (request: Uint8Array) => number[] | undefined = () => [0x12];
  get isOpen(): boolean {
    return this.#open;
  }
  async open(): Promise<void> {
    this.#open = true;
  }
  async close(): Promise<void> {
    this.#open = false;
    this.emitClose('closed');
  }
  async write(bytes: Uint8Array): Promise<void> {
    this.writes.push(bytes);
    const reply = bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04 ? this.answer(bytes) : undefined;
    if (reply) setImmediate(() => this.emitData(Uint8Array.from(reply)));
  }
  unplug(): void {
    this.#open = false;
    this.emitClose('disconnected');
  }
}
