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
 * outbox) is never reused: the bundle may reach central at any later moment.
 *
 * Each kiosk cycles through at most CITIZENS_PER_KIOSK people: the simulated
 * fingerprint reader keeps a bounded cache of master prints (synthetic/
 * fingers/ridge-image, MASTER_CACHE_SIZE fingers), and a cycle longer than
 * the cache would regrow a master print on every placement, which is not
 * what a reader costs. The cache fills during the warm-up.
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
  readonly #runs: string[];
  readonly #spares: string[];
  /** Used since their latest reset: their account (if the session made one) must be reset before they enrol again. */
  readonly #used = new Set<string>();
  readonly #retired = new Set<string>();
  readonly #epochs = new Map<string, number>();
  readonly resets: ResetRecord[] = [];
  #cursor = 0;

  /** `spares`: citizens who take a retired citizen's place in the cycle. */
  constructor(runs: readonly string[], spares: readonly string[] = []) {
    if (runs.length === 0) throw new RangeError('no citizens');
    this.#runs = [...runs];
    this.#spares = [...spares];
  }

  /** A citizen whose enrolment was deferred leaves the cycle for good; a spare, if any is left, takes the place. */
  retire(run: string): void {
    this.#retired.add(run);
    const place = this.#runs.indexOf(run);
    const spare = this.#spares.shift();
    if (place >= 0 && spare !== undefined) this.#runs[place] = spare;
  }

  /**
   * After a session: the citizen's account is reset at once while central answers, so the pool holds fresh
   * citizens when central goes down (no reset is possible then). `reset` resolves with central's audit
   * boundary, or null while central is unreachable; the reset is then tried again when the citizen comes round.
   */
  async release(run: string, reset: (run: string) => Promise<number | null>): Promise<void> {
    if (!this.#retired.has(run) && this.#used.has(run)) await this.#reset(run, reset);
  }

  /** The next citizen who can enrol now, or null when every one still needs a reset that central cannot do yet. */
  async next(reset: (run: string) => Promise<number | null>): Promise<CitizenChoice | null> {
    for (let tried = 0; tried < this.#runs.length; tried++) {
      const run = this.#runs[this.#cursor++ % this.#runs.length]!;
      if (this.#retired.has(run)) continue;
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
