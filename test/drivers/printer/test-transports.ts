/**
 * Test-only ByteTransports for the printer driver: a device-file stand-in that
 * only swallows bytes, and a serial stand-in whose status answers a test
 * decides (garbage, silence, an unplug). The TCP path uses the real
 * drivers/transport/tcp-transport.ts.
 */
import type { ByteTransport, TransportCloseReason, TransportKind } from '../../../drivers/transport/byte-transport.ts';
import { ListenerSet } from '../../../drivers/transport/listener-set.ts';

abstract class BaseTransport implements ByteTransport {
  abstract readonly kind: TransportKind;
  abstract readonly target: string;
  protected dataListeners = new ListenerSet<[Uint8Array]>();
  protected closeListeners = new ListenerSet<[TransportCloseReason]>();
  protected opened = false;
  abstract write(bytes: Uint8Array): Promise<void>;
  get isOpen(): boolean {
    return this.opened;
  }
  async open(): Promise<void> {
    this.opened = true;
  }
  async close(): Promise<void> {
    this.opened = false;
  }
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }
  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.closeListeners.add(listener);
  }
  protected emitData(chunk: Uint8Array): void {
    this.dataListeners.emit(chunk);
  }
  protected emitClose(reason: TransportCloseReason): void {
    this.closeListeners.emit(reason);
  }
}

/** A USB printer device file: accepts bytes, never answers. */
export class SinkFileTransport extends BaseTransport {
  readonly kind = 'file';
  readonly target = '/dev/usb/lp-test';
  readonly received: Uint8Array[] = [];
  async write(bytes: Uint8Array): Promise<void> {
    this.received.push(bytes);
  }
}

/** Answers each DLE EOT with whatever `answer` returns (undefined = silence). */
export class ScriptedTransport extends BaseTransport {
  readonly kind = 'serial';
  readonly target = '/dev/ttyTEST';
  readonly writes: Uint8Array[] = [];
  answer: (request: Uint8Array) => number[] | undefined = () => [0x12];
  override async close(): Promise<void> {
    await super.close();
    this.emitClose('closed');
  }
  async write(bytes: Uint8Array): Promise<void> {
    this.writes.push(bytes);
    const reply = bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04 ? this.answer(bytes) : undefined;
    if (reply) setImmediate(() => this.emitData(Uint8Array.from(reply)));
  }
  unplug(): void {
    this.opened = false;
    this.emitClose('disconnected');
  }
}
