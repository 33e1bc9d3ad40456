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
 *  - wrong activation codes per RUN, 10 per 24 h: with 59-bit codes that
 *    leaves about 2^-55 chance per day of guessing one (secrets.ts); per
 *    client (kiosk id, or the web form's client address), 30 per hour, so one
 *    client cannot sweep many RUNs. NIST's ceiling is 100 consecutive
 *    failures per account (reliability-security.md §4.3); these are far below.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.ts';
import type { CentralDatabase } from '../storage/database.ts';

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export const RATE_LIMITS = {
  verificationPerKiosk: { limit: 30, windowMs: 10 * MINUTE_MS },
  verificationPerRun: { limit: 10, windowMs: HOUR_MS },
  activationCodeFailuresPerRun: { limit: 10, windowMs: DAY_MS },
  activationCodeFailuresPerClient: { limit: 30, windowMs: HOUR_MS },
} as const satisfies Record<string, RateLimit>;

export type RateLimits = { readonly [K in keyof typeof RATE_LIMITS]: RateLimit };

/** The longest window: events older than this can be purged. */
export const RATE_LIMIT_RETENTION_MS = DAY_MS;

export class RateLimiter {
  readonly #count;
  readonly #oldest;
  readonly #insert;
  readonly #purge;
  constructor(db: CentralDatabase) {
    this.#count = db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM rate_limit_events WHERE bucket = ? AND at > ?');
    this.#oldest = db.prepare<[string, number, number], { at: number }>(
      'SELECT at FROM rate_limit_events WHERE bucket = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?',
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

  record(bucket: string, now: number): void {
    this.#insert.run(bucket, now);
  }

  purge(now: number): number {
    return this.#purge.run(now - RATE_LIMIT_RETENTION_MS).changes;
  }
}
