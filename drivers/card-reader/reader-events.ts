/**
 * The listener and state bookkeeping every CardReader shares, so the serial,
 * HID and simulated readers differ only in how scans reach them.
 */
import { ListenerSet } from '../transport/listener-set.ts';
import { TransportError } from '../transport/byte-transport.ts';
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
