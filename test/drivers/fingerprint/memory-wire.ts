/**
 * Two ByteTransports joined back to back in memory: the host end for the
 * driver, the device end for the byte-level simulator. Bytes cross on the next
 * macrotask, as they would through the OS. `unplug` closes both ends with
 * "disconnected" and makes open() fail until `replug`, like a USB adapter
 * pulled out. Listener counts are visible for leak checks.
 */
import { type ByteTransport, type TransportCloseReason, TransportError } from '../../../drivers/transport/byte-transport.ts';
import { ListenerSet } from '../../../drivers/transport/listener-set.ts';

export class MemoryEnd implements ByteTransport {
  readonly kind = 'serial' as const;
  readonly target: string;
  readonly dataListeners = new ListenerSet<[Uint8Array]>();
  readonly closeListeners = new ListenerSet<[TransportCloseReason]>();
  peer: MemoryEnd | undefined;
  opens = 0;
  closes = 0;
  baudRates: number[] = [];
  #open = false;
  readonly #wire: MemoryWire;

  constructor(target: string, wire: MemoryWire) {
    this.target = target;
    this.#wire = wire;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (!this.#wire.plugged) throw new TransportError('transport.open_failed', `${this.target}: no such device`);
    this.opens += 1;
    this.#open = true;
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.closes += 1;
    this.drop('closed');
  }

  async setBaudRate(baud: number): Promise<void> {
    this.baudRates.push(baud);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) return Promise.reject(new TransportError('transport.not_open', `${this.target} is not open`));
    const copy = bytes.slice();
    setImmediate(() => this.peer?.deliver(copy));
    return Promise.resolve();
  }

  deliver(bytes: Uint8Array): void {
    if (this.#open) this.dataListeners.emit(bytes);
  }

  drop(reason: TransportCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.closeListeners.emit(reason);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.closeListeners.add(listener);
  }

  get listenerCount(): number {
    return this.dataListeners.size + this.closeListeners.size;
  }
}

export class MemoryWire {
  plugged = true;
  readonly host: MemoryEnd;
  readonly device: MemoryEnd;

  constructor() {
    this.host = new MemoryEnd('memory:host', this);
    this.device = new MemoryEnd('memory:device', this);
    this.host.peer = this.device;
    this.device.peer = this.host;
  }

  async unplug(): Promise<void> {
    this.plugged = false;
    this.host.drop('disconnected');
    this.device.drop('disconnected');
  }

  async replug(): Promise<void> {
    this.plugged = true;
  }
}
