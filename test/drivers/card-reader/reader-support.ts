import type { CardReadEvent, CardReader, CardReaderState } from '../../../drivers/card-reader/card-reader.ts';
import type { Schedule } from '../../../common/timers.ts';
import type { ByteTransport, TransportCloseReason, TransportError } from '../../../drivers/transport/byte-transport.ts';
import { ListenerSet } from '../../../drivers/transport/listener-set.ts';

/** Generous bound on real-time waits; it stops a hang, it does not measure speed. */
export const BOUND_MS = 10_000;

/** Time that moves only when a test says so: `schedule` for the readers, `advance` for the test. */
export class ManualClock {
  #now = 0;
  #nextId = 0;
  readonly #timers = new Map<number, { at: number; run: () => void }>();

  readonly schedule: Schedule = (callback, ms) => {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + ms, run: callback });
    return () => this.#timers.delete(id);
  };

  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].run();
    }
    this.#now = until;
  }
}

/** A ByteTransport the test feeds and unplugs by hand. */
export class FakeTransport implements ByteTransport {
  readonly kind = 'serial' as const;
  readonly target = 'fake';
  readonly #data = new ListenerSet<[Uint8Array]>();
  readonly #close = new ListenerSet<[TransportCloseReason]>();
  #open = false;
  openError: TransportError | undefined;

  get isOpen(): boolean {
    return this.#open;
  }
  get listenerCount(): number {
    return this.#data.size + this.#close.size;
  }
  async open(): Promise<void> {
    if (this.openError) throw this.openError;
    this.#open = true;
  }
  async close(): Promise<void> {
    this.#open = false;
  }
  async write(): Promise<void> {}
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }
  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }
  send(text: string | Uint8Array): void {
    this.#data.emit(typeof text === 'string' ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : text);
  }
  drop(reason: TransportCloseReason = 'disconnected'): void {
    this.#open = false;
    this.#close.emit(reason);
  }
}

/** Every card event and status change a reader emits. */
export function record(reader: CardReader): { cards: CardReadEvent[]; states: CardReaderState[] } {
  const cards: CardReadEvent[] = [];
  const states: CardReaderState[] = [];
  reader.onCard((event) => cards.push(event));
  reader.onStatus((state) => states.push(state));
  return { cards, states };
}

/** The next card event, within a bound. */
export function nextCard(reader: CardReader, timeoutMs = BOUND_MS): Promise<CardReadEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no card event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = reader.onCard((event) => {
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

export function nextState(reader: CardReader, wanted: CardReaderState, timeoutMs = BOUND_MS): Promise<void> {
  if (reader.state() === wanted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`reader not ${wanted} within ${timeoutMs} ms (is ${reader.state()})`));
    }, timeoutMs);
    const stop = reader.onStatus((state) => {
      if (state !== wanted) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/** Resolves once the reader has reported nothing for `quietMs` (its timers have run out), within a bound. */
export function quiet(reader: CardReader, quietMs: number, timeoutMs = BOUND_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer = setTimeout(done, quietMs);
    const bound = setTimeout(() => {
      stop();
      clearTimeout(timer);
      reject(new Error(`reader did not go quiet within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = reader.onCard(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done(): void {
      stop();
      clearTimeout(bound);
      resolve();
    }
  });
}

/** Retries `attempt` until it resolves, within a bound (a port that is reappearing). */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = BOUND_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
