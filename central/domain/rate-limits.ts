/**
 * Sliding-window rate limits kept in SQLite (one row per counted event), so
 * they hold across restarts and across the server's processes.
 *
 * Figures, and why:
 *  - verification per kiosk, 30 per 10 min: one citizen takes one to three
 *    captures in about two minutes, so a busy kiosk needs about 15; double
 *    that before a misbehaving or stolen kiosk is slowed down;
 *  - verification per RUN, 10 per hour, all kiosks together, counting only
 *    requests that hold the RUN's card (verification.ts): the lockout
 *    (3 mismatches in 24 h) bounds guessing with fingers; this bounds probing
 *    a RUN with its card and refusals, and a kiosk without the card can
 *    neither use it up nor be slowed by it;
 *  - verification per typed RUN (Civil Digital's keypad, no card), 5 per
 *    hour, all kiosks together, counting every such request (an unknown RUN
 *    too): without a card anyone may type any RUN, so this path is the one
 *    exposed to enumeration and to fingers tried on someone else's RUN. It is
 *    stricter than the card's (half the count, and fed by every request,
 *    not only the holder's), and a bucket of its own, so typing a RUN never
 *    uses up the card holder's verifications. The kiosk's 30 per 10 min
 *    bounds a kiosk walking through many RUNs;
 *  - wrong activation codes, per client (the web form's client address, an
 *    IPv6 client by its /64): 5 free within 24 h, then each further attempt
 *    waits 30 s after the latest failure, doubling with every failure up to
 *    1 h (NIST's "progressive delays, 30 s up to 1 h",
 *    reliability-security.md §4.3): about 35 guesses a day per client. A code
 *    is one of 31^12 ≈ 8·10^17 (secrets.ts), so even a million clients at
 *    that pace need ~10^10 days for an even chance at one RUN's code;
 *  - wrong activation codes per RUN: never a block. Anyone who knows a RUN
 *    could otherwise lock its owner out by typing wrong codes (the OWASP
 *    "lockout as denial of service" warning), and the code's length, not a
 *    per-RUN count, is what keeps it from being guessed. Every wrong code is
 *    audited with the RUN, and 10 within 24 h raise an `activation_code_guessing`
 *    alert in the audit trail for an operator to review (activation.ts).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.ts';
import type { CentralDatabase } from '../storage/database.ts';

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * After `limit` failures within `windowMs`, the next attempt waits
 * `firstDelayMs` after the latest failure, and every further failure doubles
 * the wait, up to `maxDelayMs`.
 */
export interface ProgressiveRateLimit extends RateLimit {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export interface RateLimits {
  readonly verificationPerKiosk: RateLimit;
  readonly verificationPerRun: RateLimit;
  readonly verificationPerTypedRun: RateLimit;
  readonly activationCodeFailuresPerClient: ProgressiveRateLimit;
  /** An alert threshold for the audit trail, not a limit: it never refuses anything. */
  readonly activationCodeAlertPerRun: RateLimit;
}

export const RATE_LIMITS: RateLimits = {
  verificationPerKiosk: { limit: 30, windowMs: 10 * MINUTE_MS },
  verificationPerRun: { limit: 10, windowMs: HOUR_MS },
  verificationPerTypedRun: { limit: 5, windowMs: HOUR_MS },
  activationCodeFailuresPerClient: { limit: 5, windowMs: DAY_MS, firstDelayMs: 30_000, maxDelayMs: HOUR_MS },
  activationCodeAlertPerRun: { limit: 10, windowMs: DAY_MS },
};

/** How long after the latest of `failures` failures the next attempt must wait: 0 below the rule's limit. */
export function progressiveDelayMs(failures: number, rule: ProgressiveRateLimit): number {
  if (failures < rule.limit) return 0;
  // Capping the exponent first keeps 2 ** n finite however many failures there are.
  const doublings = Math.min(failures - rule.limit, Math.ceil(Math.log2(Math.max(1, rule.maxDelayMs / rule.firstDelayMs))));
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** doublings);
}

/** The longest window: events older than this can be purged. */
export const RATE_LIMIT_RETENTION_MS = DAY_MS;

export class RateLimiter {
  readonly #count;
  readonly #oldest;
  readonly #failures;
  readonly #insert;
  readonly #purge;
  constructor(db: CentralDatabase) {
    this.#count = db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM rate_limit_events WHERE bucket = ? AND at > ?');
    this.#oldest = db.prepare<[string, number, number], { at: number }>(
      'SELECT at FROM rate_limit_events WHERE bucket = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?',
    );
    this.#failures = db.prepare<[string, number], { n: number; latest: number | null }>(
      'SELECT count(*) AS n, max(at) AS latest FROM rate_limit_events WHERE bucket = ? AND at > ?',
    );
    this.#insert = db.prepare<[string, number]>('INSERT INTO rate_limit_events (bucket, at) VALUES (?, ?)');
    this.#purge = db.prepare<[number]>('DELETE FROM rate_limit_events WHERE at <= ?');
  }

  /** Seconds until one more event is allowed, or null when it is allowed now. */
  retryAfter(bucket: string, rule: RateLimit, now: number): number | null {
    const since = now - rule.windowMs;
    const count = this.#count.get(bucket, since)!.n;
    if (count < rule.limit) return null;
    // The window frees a slot when the event that is `limit` back from the newest leaves it.
    const oldest = this.#oldest.get(bucket, since, count - rule.limit)?.at ?? now;
    return Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 1000));
  }

  /** Seconds until one more attempt is allowed under a progressive rule, or null when it is allowed now. */
  progressiveRetryAfter(bucket: string, rule: ProgressiveRateLimit, now: number): number | null {
    const { n, latest } = this.#failures.get(bucket, now - rule.windowMs)!;
    const delay = progressiveDelayMs(n, rule);
    if (delay === 0 || latest === null || latest + delay <= now) return null;
    return Math.max(1, Math.ceil((latest + delay - now) / 1000));
  }

  /** Events in the bucket within the last `windowMs`. */
  count(bucket: string, windowMs: number, now: number): number {
    return this.#count.get(bucket, now - windowMs)!.n;
  }

  record(bucket: string, now: number): void {
    this.#insert.run(bucket, now);
  }

  purge(now: number): number {
    return this.#purge.run(now - RATE_LIMIT_RETENTION_MS).changes;
  }
}
