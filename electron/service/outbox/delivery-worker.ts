/**
 * The outbox relay (reliability-security.md §1.2): one loop per worker that
 * claims a row, hands it to the injected `deliver`, and records the outcome:
 * delivered → deleted; retry → rescheduled with full-jitter backoff;
 * permanent → dead-lettered with its reason. A `deliver` that throws counts
 * as a retry. Time and timers are injected, so tests drive the worker with a
 * manual clock.
 *
 * The worker does not read HTTP answers. The service's `deliver` is the
 * central link's (central/central-link.ts: the row's body POSTed through the
 * kiosk's CentralClient with `maxAttempts: 1`), and what a call ends in is
 * classified, once, by `deliveryOutcomeOf` in central/central-errors.ts (its
 * table is the reference; it never throws). In particular 401 is a retry with
 * a kiosk-certificate alarm (the kiosk's identity is at fault, not the row),
 * while 403 is permanent (central refused this request).
 *
 * Circuit breaker (§2.3: "a down API must not pin the CPU"). A transient
 * failure says little about the row and much about the path to central, so
 * after a `retry` outcome the whole worker pauses, not just that row's
 * stream: for a full-jitter delay on the worker's own count of consecutive
 * transient failures (any stream), at least the server's Retry-After. While
 * central is down the worker therefore makes about one request per backoff
 * interval in total, growing to the cap, however many streams are waiting,
 * instead of walking every stream head at full speed. A delivered or
 * permanent outcome (central answered) closes the breaker. `kick()` lets one
 * probe through an open breaker: it is called after an enqueue, a good moment
 * to try, and rare. When connectivity returns, `connectivityReturned()` also
 * makes the rows that failed during the outage due at once.
 *
 * Several workers (several owners, even several processes) may share one
 * database: claims are atomic and leased, so a row is never in two deliveries
 * at once as long as `leaseMs` outlasts one `deliver` call (keep deliver's own
 * timeout well below it).
 */
import type { DeliveryOutcome } from '../central/central-errors.ts';
import type { Logger } from '../../../common/log.ts';
import { type BackoffPolicy, retryDelayMs } from './backoff.ts';
import { type Outbox, type OutboxKind, type OutboxRow, type OutboxStats, shortReason } from './outbox.ts';

export type { DeliveryOutcome };

export interface DeliveryScheduler {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const realScheduler: DeliveryScheduler = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface DeliveredRow {
  readonly id: number;
  readonly kind: OutboxKind;
  readonly stream: string;
  /** Failed attempts before this one. */
  readonly attempts: number;
}

export interface DeliveryWorkerOptions {
  readonly outbox: Outbox;
  /** Names this worker's leases; unique per worker (e.g. `service-<pid>`). */
  readonly owner: string;
  readonly deliver: (row: OutboxRow) => Promise<DeliveryOutcome>;
  /**
   * Rows of these kinds that wait one behind the other in a stream go in one
   * delivery (`deliverRun`), up to `maxRows`; one outcome counts for all.
   * A run refused for good is not dead-lettered whole: its rows are tried
   * again one by one, so only a bad row ends dead.
   */
  readonly runs?: {
    readonly kinds: readonly OutboxKind[];
    readonly maxRows: number;
    readonly deliverRun: (rows: readonly OutboxRow[]) => Promise<DeliveryOutcome>;
  };
  /** Should agree with the outbox's clock. Default: the outbox's clock and setTimeout. */
  readonly scheduler?: DeliveryScheduler;
  /** [0, 1), for the breaker's jitter. Default Math.random. */
  readonly random?: () => number;
  /** How long a claim holds a row; must outlast one deliver call. Default 2 minutes. */
  readonly leaseMs?: number;
  /** Longest sleep between looks at the outbox (other processes may enqueue without kicking). Default 30 s. */
  readonly idleMs?: number;
  /** The breaker's pause schedule. Default base 1 s, cap 5 min. */
  readonly breaker?: BackoffPolicy;
  readonly logger?: Logger;
}

export const DEFAULT_LEASE_MS = 120_000;
export const DEFAULT_IDLE_MS = 30_000;
const DEFAULT_BREAKER: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000, hardCapMs: 30 * 60_000 };
/** A floor for timer waits, so a clock that disagrees with the database cannot make the loop spin. */
const MIN_WAIT_MS = 10;

export class DeliveryWorker {
  readonly #outbox: Outbox;
  readonly #owner: string;
  readonly #deliver: (row: OutboxRow) => Promise<DeliveryOutcome>;
  readonly #runs: DeliveryWorkerOptions['runs'];
  /** Rows to claim one at a time after a run was refused for good (each gets its own verdict). */
  #singly = 0;
  /** Cancels the kickSoon() on its way, if any. */
  #cancelSoon: (() => void) | null = null;
  readonly #scheduler: DeliveryScheduler;
  readonly #random: () => number;
  readonly #leaseMs: number;
  readonly #idleMs: number;
  readonly #breaker: BackoffPolicy;
  readonly #logger: Logger | undefined;
  readonly #changeListeners = new Set<(stats: OutboxStats) => void>();
  readonly #deliveredListeners = new Set<(row: DeliveredRow) => void>();
  #started = false;
  #stopped = false;
  #running: Promise<void> | null = null;
  #cancelTimer: (() => void) | null = null;
  #wakeAgain = false;
  #probe = false;
  #failures = 0;
  #pausedUntil = 0;

  constructor(options: DeliveryWorkerOptions) {
    this.#outbox = options.outbox;
    this.#owner = options.owner;
    this.#deliver = options.deliver;
    this.#runs = options.runs;
    if (this.#runs !== undefined && (!Number.isInteger(this.#runs.maxRows) || this.#runs.maxRows < 1))
      throw new RangeError('runs.maxRows must be a positive whole number');
    this.#scheduler = options.scheduler ?? { now: () => options.outbox.now(), after: realScheduler.after };
    this.#random = options.random ?? Math.random;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#breaker = options.breaker ?? DEFAULT_BREAKER;
    this.#logger = options.logger;
    if (!Number.isInteger(this.#leaseMs) || this.#leaseMs <= 0) throw new RangeError('leaseMs must be a positive whole number');
    if (!Number.isFinite(this.#idleMs) || this.#idleMs < MIN_WAIT_MS) throw new RangeError(`idleMs must be at least ${MIN_WAIT_MS}`);
    retryDelayMs(1, this.#breaker, () => 0); // validates the policy
  }

  start(): void {
    if (this.#stopped) throw new Error('a stopped delivery worker cannot be started again');
    if (this.#started) return;
    this.#started = true;
    void this.#loop();
  }

  /**
   * `kick()` in `delayMs`, unless one is already on its way: rows that are
   * not urgent (audit records) gather meanwhile and go as one run.
   */
  kickSoon(delayMs: number): void {
    if (!this.#started || this.#stopped || this.#cancelSoon !== null) return;
    this.#cancelSoon = this.#scheduler.after(delayMs, () => {
      this.#cancelSoon = null;
      this.kick();
    });
  }

  /** Look at the outbox now (after an enqueue, or when connectivity returns); lets one probe through an open breaker. */
  kick(): void {
    if (!this.#started || this.#stopped) return;
    this.#probe = true;
    if (this.#running) {
      this.#wakeAgain = true;
      return;
    }
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    void this.#loop();
  }

  /**
   * Central is reachable again (the link saw it answer after an outage, or a
   * developer ended a simulated one). Rows that failed while it was away wait
   * on their own backoff, up to the policy's cap; none of those failures said
   * anything about the rows, so they all become due now and one probe goes
   * through the breaker. Without this a row that failed late in an outage
   * would wait minutes after central came back.
   */
  connectivityReturned(): void {
    if (!this.#started || this.#stopped) return;
    try {
      this.#outbox.retryNow();
    } catch (error) {
      // The database refused (busy beyond its timeout): the rows keep their schedule; the kick still probes.
      this.#logger?.log('error', 'outbox_retry_now_failed', { reason: errorReason(error) });
    }
    this.kick();
  }

  /** Stops scheduling and waits for the delivery in flight (if any) to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#cancelSoon?.();
    this.#cancelSoon = null;
    await this.#running;
  }

  /** Resolves when no delivery loop is running (the worker is asleep until its timer or a kick). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  get circuit(): { readonly open: boolean; readonly consecutiveFailures: number; readonly pausedUntil: number | null } {
    const open = this.#pausedUntil > this.#scheduler.now();
    return { open, consecutiveFailures: this.#failures, pausedUntil: open ? this.#pausedUntil : null };
  }

  /** Called with fresh stats after every recorded outcome. Returns an unsubscribe function. */
  onChange(listener: (stats: OutboxStats) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onDelivered(listener: (row: DeliveredRow) => void): () => void {
    this.#deliveredListeners.add(listener);
    return () => this.#deliveredListeners.delete(listener);
  }

  #loop(): Promise<void> {
    const run = async () => {
      try {
        do {
          this.#wakeAgain = false;
          await this.#drain();
        } while (this.#wakeAgain && !this.#stopped);
      } finally {
        this.#running = null;
        if (!this.#stopped) this.#arm();
      }
    };
    this.#running = run();
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (!this.#stopped) {
      if (this.#scheduler.now() < this.#pausedUntil) {
        if (!this.#probe) return;
        this.#logger?.log('debug', 'outbox_probe', { failures: this.#failures });
      }
      this.#probe = false;
      let rows: OutboxRow[];
      try {
        rows = this.#claim();
      } catch (error) {
        // The database refused (busy beyond its timeout, disk error): back off like a failed delivery.
        this.#logger?.log('error', 'outbox_claim_failed', { reason: errorReason(error) });
        this.#openBreaker();
        return;
      }
      const row = rows[0];
      if (row === undefined) return;
      if (rows.length === 1) {
        this.#singly = Math.max(0, this.#singly - 1);
        this.#record(row, await this.#attempt(() => this.#deliver(row)));
      } else {
        this.#recordRun(rows, await this.#attempt(() => this.#runs!.deliverRun(rows)));
      }
    }
  }

  #claim(): OutboxRow[] {
    const runs = this.#runs;
    if (runs === undefined || runs.maxRows === 1 || this.#singly > 0) {
      const row = this.#outbox.claim(this.#owner, this.#leaseMs);
      return row === null ? [] : [row];
    }
    return this.#outbox.claimRun(this.#owner, this.#leaseMs, runs.maxRows, (kind) => runs.kinds.includes(kind));
  }

  /** One outcome for a run: delivered, all gone at once; to be retried, each row rescheduled; refused for good, each tried alone next. */
  #recordRun(rows: readonly OutboxRow[], outcome: DeliveryOutcome): void {
    if (outcome.type !== 'delivered') {
      // A refusal of the whole run says nothing yet of any one row: each waits its ordinary retry, then goes alone.
      const failure = outcome.type === 'permanent' ? { reason: 'run_refused' } : outcome.retryAfterMs === undefined ? { reason: outcome.reason } : outcome;
      try {
        for (const row of rows) this.#outbox.retryLater(row.id, this.#owner, failure);
      } catch (error) {
        this.#logger?.log('error', 'outbox_record_failed', { id: rows[0]!.id, reason: errorReason(error) });
        this.#openBreaker();
        return;
      }
      if (outcome.type === 'permanent') {
        this.#singly = rows.length;
        this.#logger?.log('warn', 'outbox_run_refused', { id: rows[0]!.id, kind: rows[0]!.kind, rows: rows.length, reason: shortReason(outcome.reason) });
      } else {
        this.#openBreaker(outcome.retryAfterMs);
        this.#logger?.log('warn', 'outbox_retry', {
          id: rows[0]!.id,
          kind: rows[0]!.kind,
          rows: rows.length,
          reason: shortReason(outcome.reason),
          pausedForMs: this.#pausedUntil - this.#scheduler.now(),
        });
      }
      this.#emitStats();
      return;
    }
    let held: number;
    try {
      held = this.#outbox.deliveredAll(
        rows.map((r) => r.id),
        this.#owner,
      );
    } catch (error) {
      this.#logger?.log('error', 'outbox_record_failed', { id: rows[0]!.id, reason: errorReason(error) });
      this.#openBreaker();
      return;
    }
    this.#closeBreaker();
    this.#logger?.log('info', 'outbox_delivered', { id: rows[0]!.id, kind: rows[0]!.kind, rows: rows.length });
    if (held !== rows.length) this.#logger?.log('warn', 'outbox_lease_lost', { id: rows[0]!.id, kind: rows[0]!.kind, rows: rows.length - held });
    for (const row of rows) this.#emit(this.#deliveredListeners, { id: row.id, kind: row.kind, stream: row.stream, attempts: row.attempts });
    this.#emitStats();
  }

  async #attempt(deliver: () => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    try {
      const outcome = await deliver();
      if (outcome?.type === 'delivered' || outcome?.type === 'retry' || outcome?.type === 'permanent') return outcome;
      return { type: 'retry', reason: 'bad_outcome' };
    } catch (error) {
      return { type: 'retry', reason: `threw:${errorReason(error)}` };
    }
  }

  #record(row: OutboxRow, outcome: DeliveryOutcome): void {
    const fields = { id: row.id, kind: row.kind, attempts: row.attempts };
    let held: boolean;
    try {
      if (outcome.type === 'delivered') {
        held = this.#outbox.delivered(row.id, this.#owner);
        this.#closeBreaker();
        if (held) {
          this.#logger?.log('info', 'outbox_delivered', fields);
          this.#emit(this.#deliveredListeners, { id: row.id, kind: row.kind, stream: row.stream, attempts: row.attempts });
        }
      } else if (outcome.type === 'permanent') {
        held = this.#outbox.deadLetter(row.id, this.#owner, outcome.reason);
        this.#closeBreaker();
        if (held) this.#logger?.log('error', 'outbox_dead_letter', { ...fields, reason: shortReason(outcome.reason) });
      } else {
        held = this.#outbox.retryLater(
          row.id,
          this.#owner,
          outcome.retryAfterMs === undefined ? { reason: outcome.reason } : { reason: outcome.reason, retryAfterMs: outcome.retryAfterMs },
        );
        this.#openBreaker(outcome.retryAfterMs);
        if (held)
          this.#logger?.log('warn', 'outbox_retry', { ...fields, reason: shortReason(outcome.reason), pausedForMs: this.#pausedUntil - this.#scheduler.now() });
      }
    } catch (error) {
      this.#logger?.log('error', 'outbox_record_failed', { id: row.id, reason: errorReason(error) });
      this.#openBreaker();
      return;
    }
    // Our lease ran out and another worker took the row: its outcome is the one that counts.
    if (!held) this.#logger?.log('warn', 'outbox_lease_lost', fields);
    this.#emitStats();
  }

  #emitStats(): void {
    if (this.#changeListeners.size > 0) {
      let stats: OutboxStats | undefined;
      try {
        stats = this.#outbox.stats();
      } catch {
        stats = undefined;
      }
      if (stats) this.#emit(this.#changeListeners, stats);
    }
  }

  #openBreaker(retryAfterMs?: number): void {
    this.#failures += 1;
    this.#pausedUntil = this.#scheduler.now() + retryDelayMs(this.#failures, this.#breaker, this.#random, retryAfterMs);
  }

  #closeBreaker(): void {
    this.#failures = 0;
    this.#pausedUntil = 0;
  }

  #arm(): void {
    const now = this.#scheduler.now();
    let due: number | null;
    try {
      due = this.#outbox.nextDueAt();
    } catch {
      due = null;
    }
    const at = Math.max(due ?? now + this.#idleMs, this.#pausedUntil);
    const wait = Math.min(this.#idleMs, Math.max(MIN_WAIT_MS, at - now));
    this.#cancelTimer?.();
    this.#cancelTimer = this.#scheduler.after(wait, () => {
      this.#cancelTimer = null;
      if (!this.#stopped && !this.#running) void this.#loop();
    });
  }

  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.#logger?.log('error', 'outbox_listener_failed', { reason: errorReason(error) });
      }
    }
  }
}

/** A code for logs and stored reasons: an error's string `code` or its name, never its message (which may quote data). */
function errorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(code)) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : 'unknown';
}
