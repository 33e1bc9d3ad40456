/**
 * Synthetic citizens for the soak: the seeded registry's 'ok' scenario
 * (730 people), split between the two kiosks so their sessions never meet.
 *
 * Civil Digital issues an activation code and creates no account, so its
 * half is simply taken in turn (a new code revokes the person's older one).
 * ChileAtiende activates an account, and central refuses a person who has
 * one, so before a citizen enrols a second time the harness has central
 * reset that account (central/server/soak-control.ts) and remembers the
 * reset's audit boundary for the reconciliation. A citizen whose enrolment
 * was deferred (queued in the kiosk's outbox) is never reused: the bundle
 * may reach central at any later moment.
 */
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
  /** Never used while central answers: kept for the sessions that run while it is down (no reset possible then). */
  readonly #reserve: string[];
  readonly #used = new Set<string>();
  readonly #retired = new Set<string>();
  readonly resets: ResetRecord[] = [];
  #cursor = 0;

  constructor(runs: readonly string[], reserve: number) {
    if (runs.length <= reserve) throw new RangeError('too few citizens for the reserve');
    this.#runs = runs.slice(0, runs.length - reserve);
    this.#reserve = runs.slice(runs.length - reserve);
  }

  retire(run: string): void {
    this.#retired.add(run);
  }

  /**
   * The next citizen. `reset` asks central to reset an account and resolves with its audit boundary, or null
   * while central is unreachable: then a citizen from the reserve is taken, or null when it is used up.
   */
  async next(reset: (run: string) => Promise<number | null>): Promise<CitizenChoice | null> {
    for (let tried = 0; tried < this.#runs.length; tried++) {
      const run = this.#runs[this.#cursor % this.#runs.length]!;
      if (this.#retired.has(run)) {
        this.#cursor += 1;
        continue;
      }
      if (!this.#used.has(run)) {
        this.#cursor += 1;
        this.#used.add(run);
        return { run, epoch: 0 };
      }
      const boundary = await reset(run);
      if (boundary === null) break;
      this.#cursor += 1;
      this.resets.push({ run, auditBoundary: boundary });
      return { run, epoch: boundary };
    }
    const spare = this.#reserve.shift();
    return spare === undefined ? null : { run: spare, epoch: 0 };
  }
}
