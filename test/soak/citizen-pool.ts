/**
 * Synthetic citizens for the soak: the seeded registry's 'ok' scenario
 * (730 people), split between the two kiosks so their sessions never meet.
 *
 * Civil Digital issues an activation code and creates no account, so its
 * half is simply taken in turn (a new code revokes the person's older one).
 * ChileAtiende activates an account, and central refuses a person who has
 * one, so before a citizen enrols a second time the harness has central
 * reset that account (central/server/soak-control.ts) and remembers the
 * reset's audit boundary for the reconciliation; the reset is done as soon
 * as the session ends, so while central is down the kiosk still has fresh
 * citizens. A citizen whose enrolment was deferred (queued in the kiosk's
 * outbox) is parked: the bundle may reach central at any later moment, so
 * they come round again only once central has activated them from it (an
 * `activation` audit after their latest reset), and are reset first.
 *
 * Each kiosk cycles through at most CITIZENS_PER_KIOSK people: the simulated
 * fingerprint reader keeps a bounded cache of master prints (synthetic/
 * fingers/ridge-image, MASTER_CACHE_SIZE fingers), and a cycle longer than
 * the cache would regrow a master print on every placement, which is not
 * what a reader costs. The cache fills during the warm-up, and no new
 * citizen joins later (a parked one is not replaced): a new face would grow
 * the cache, and evict someone still in the cycle.
 */
import { MASTER_CACHE_SIZE } from '../../synthetic/fingers/ridge-image/index.ts';

export const CITIZENS_PER_KIOSK = Math.min(180, MASTER_CACHE_SIZE - 20);

export interface CitizenChoice {
  readonly run: string;
  /** Central's audit boundary of this citizen's latest reset (0: never reset). */
  readonly epoch: number;
}

export interface ResetRecord {
  readonly run: string;
  readonly auditBoundary: number;
}

export class RoundRobin {
  readonly #runs: readonly string[];
  #cursor = 0;
  constructor(runs: readonly string[]) {
    if (runs.length === 0) throw new RangeError('no citizens');
    this.#runs = runs;
  }
  next(): CitizenChoice {
    return { run: this.#runs[this.#cursor++ % this.#runs.length]!, epoch: 0 };
  }
}

export class ResettablePool {
  readonly #runs: readonly string[];
  /** Used since their latest reset: their account (if the session made one) must be reset before they enrol again. */
  readonly #used = new Set<string>();
  /** Deferred: out of the cycle until central has activated them from their queued enrolment. */
  readonly #parked = new Set<string>();
  readonly #epochs = new Map<string, number>();
  readonly resets: ResetRecord[] = [];
  #cursor = 0;

  constructor(runs: readonly string[]) {
    if (runs.length === 0) throw new RangeError('no citizens');
    this.#runs = [...runs];
  }

  /** A citizen whose enrolment was deferred leaves the cycle until `settled` (see `next`) says central has activated them. */
  park(run: string): void {
    this.#parked.add(run);
  }

  /**
   * After a session: the citizen's account is reset at once while central answers, so the pool holds fresh
   * citizens when central goes down (no reset is possible then). `reset` resolves with central's audit
   * boundary, or null while central is unreachable; the reset is then tried again when the citizen comes round.
   */
  async release(run: string, reset: (run: string) => Promise<number | null>): Promise<void> {
    if (!this.#parked.has(run) && this.#used.has(run)) await this.#reset(run, reset);
  }

  /**
   * The next citizen who can enrol now, or null when every one is parked or still needs a reset central cannot
   * do yet. `settled(run, epoch)`: whether central has activated a parked citizen since the audit boundary `epoch`.
   */
  async next(reset: (run: string) => Promise<number | null>, settled: (run: string, epoch: number) => boolean): Promise<CitizenChoice | null> {
    for (let tried = 0; tried < this.#runs.length; tried++) {
      const run = this.#runs[this.#cursor++ % this.#runs.length]!;
      if (this.#parked.has(run)) {
        if (!settled(run, this.#epochs.get(run) ?? 0)) continue;
        this.#parked.delete(run);
      }
      if (this.#used.has(run) && !(await this.#reset(run, reset))) continue;
      this.#used.add(run);
      return { run, epoch: this.#epochs.get(run) ?? 0 };
    }
    return null;
  }

  async #reset(run: string, reset: (run: string) => Promise<number | null>): Promise<boolean> {
    const boundary = await reset(run);
    if (boundary === null) return false;
    this.#used.delete(run);
    this.#epochs.set(run, boundary);
    this.resets.push({ run, auditBoundary: boundary });
    return true;
  }
}
