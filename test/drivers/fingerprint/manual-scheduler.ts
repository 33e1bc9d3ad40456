/**
 * A clock the test moves by hand (fingerprint-reader.ts `Scheduler`), so
 * deadlines, poll intervals and back-off run without sleeping and without
 * depending on the machine's speed. Between timers it lets pending I/O
 * callbacks (setImmediate) and promise continuations run.
 */
import type { Scheduler } from '../../../drivers/fingerprint/fingerprint-reader.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class ManualScheduler implements Scheduler {
  #now = 0;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): () => void {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#now + Math.max(0, ms), seq, callback });
    return () => this.#timers.delete(seq);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves the clock forward `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#earliest();
      if (!next || next.at > target) break;
      this.#timers.delete(next.seq);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = target;
    await settle();
  }

  /** Runs timers until `promise` settles; fails if it does not within `maxMs` of simulated time. */
  async run<T>(promise: Promise<T>, maxMs = 600_000): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    const limit = this.#now + maxMs;
    for (;;) {
      await settle();
      if (outcome) break;
      const next = this.#earliest();
      if (!next || next.at > limit) throw new Error(`still pending after ${maxMs} ms of simulated time (${this.#timers.size} timers)`);
      this.#timers.delete(next.seq);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers.values()) if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    return best;
  }
}

/** Resolves with the rejection of `promise` (fails if it resolves), for `expect(await rejection(p)).toBeInstanceOf(...)`. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a value');
}
