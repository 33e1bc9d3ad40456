/**
 * The listener, state and open/close bookkeeping every CardReader shares, so
 * the serial, HID and simulated readers differ only in how scans reach them.
 */
import { ListenerSet } from '../transport/listener-set.ts';
import { type TransportCloseReason, TransportError } from '../transport/byte-transport.ts';
import type { CardParseResult } from './card-read.ts';
import type { CardReadEvent, CardReaderState, ScanInfo } from './card-reader.ts';

export class ReaderEvents {
  readonly #reader: string;
  readonly #cards = new ListenerSet<[CardReadEvent]>();
  readonly #status = new ListenerSet<[CardReaderState]>();
  #state: CardReaderState = 'not-connected';

  constructor(reader: string) {
    this.#reader = reader;
  }

  get state(): CardReaderState {
    return this.#state;
  }

  setState(state: CardReaderState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#status.emit(state);
  }

  report(result: CardParseResult, scans: readonly ScanInfo[]): void {
    this.#cards.emit({ ...result, scan: { reader: this.#reader, scans } });
  }

  onCard(listener: (event: CardReadEvent) => void): () => void {
    return this.#cards.add(listener);
  }

  onStatus(listener: (state: CardReaderState) => void): () => void {
    return this.#status.add(listener);
  }
}

/**
 * After a failed open: a device that is absent is `not-connected`; one that
 * is there but refused us (no permission: a missing udev rule, reference §2.1
 * and §6; or held by another process) needs a technician.
 */
export function stateAfterOpenFailure(error: unknown): CardReaderState {
  const osCode = error instanceof TransportError ? error.osCode : undefined;
  return osCode === 'EACCES' || osCode === 'EPERM' || osCode === 'EBUSY' ? 'needs-attention' : 'not-connected';
}

/** What a reader opens: a ByteTransport, a HID POS scanner. */
export interface ReaderDevice {
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A reader's hold on its device: subscribed before it opens (so nothing it
 * sends is missed), unsubscribed when it closes or goes away, and the state
 * each of those leaves the reader in.
 */
export class ReaderConnection {
  readonly #device: ReaderDevice;
  readonly #events: ReaderEvents;
  #unsubscribe: (() => void) | undefined;

  constructor(device: ReaderDevice, events: ReaderEvents) {
    this.#device = device;
    this.#events = events;
  }

  /** Subscribes with `subscribe` (its unsubscribes), opens, and is `ready`; a failed open leaves the state it means and rethrows. */
  async open(subscribe: () => readonly (() => void)[]): Promise<void> {
    if (this.#unsubscribe && this.#device.isOpen) return;
    this.#detach();
    const subscriptions = subscribe();
    this.#unsubscribe = () => subscriptions.forEach((off) => off());
    try {
      await this.#device.open();
    } catch (error) {
      this.#detach();
      this.#events.setState(stateAfterOpenFailure(error));
      throw error;
    }
    this.#events.setState('ready');
  }

  async close(): Promise<void> {
    this.#detach();
    try {
      await this.#device.close();
    } finally {
      this.#events.setState('not-connected');
    }
  }

  /** The device closed under the reader: unplugged (`not-connected`) or failed (`needs-attention`). */
  lost(reason: TransportCloseReason): void {
    this.#detach();
    this.#events.setState(reason === 'error' ? 'needs-attention' : 'not-connected');
  }

  #detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
