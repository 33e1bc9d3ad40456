/**
 * Retry schedule for outbox deliveries: exponential backoff with "Full
 * Jitter" (Marc Brooker, AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): sleep a uniform random time in [0, min(cap, base·2^n)].
 * Of the variants compared there it does the least work under contention,
 * which is what a fleet of kiosks coming back online at once is.
 *
 * Policy (reliability-security.md §2.3): base about 1 s, cap a few minutes,
 * and honour the server's Retry-After: the wait is the larger of the jittered
 * delay and Retry-After, but never more than a hard cap, so a bogus or
 * hostile Retry-After cannot park the queue for days. The header itself is
 * read by the central client (`parseRetryAfter`, central/central-errors.ts)
 * and reaches here as a delivery outcome's `retryAfterMs`.
 *
 * Pure: the random source is a parameter.
 */

export interface BackoffPolicy {
  /** The first retry waits up to this long. */
  readonly baseMs: number;
  /** The jittered window stops growing here. */
  readonly capMs: number;
  /** Upper bound for any wait, Retry-After included (defaults to capMs·4, at least capMs). */
  readonly hardCapMs?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000, hardCapMs: 30 * 60_000 };

export class BackoffPolicyInvalid extends Error {
  readonly code = 'outbox.backoff_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'BackoffPolicyInvalid';
  }
}

function checkPolicy(policy: BackoffPolicy): number {
  const { baseMs, capMs } = policy;
  const hardCapMs = policy.hardCapMs ?? capMs * 4;
  if (!Number.isFinite(baseMs) || baseMs < 0) throw new BackoffPolicyInvalid('backoff base must be a finite number ≥ 0');
  if (!Number.isFinite(capMs) || capMs < baseMs) throw new BackoffPolicyInvalid('backoff cap must be finite and ≥ the base');
  if (!Number.isFinite(hardCapMs) || hardCapMs < capMs) throw new BackoffPolicyInvalid('backoff hard cap must be finite and ≥ the cap');
  return hardCapMs;
}

/** The upper end of the jitter window before the `attempt`-th retry: min(cap, base·2^(attempt−1)). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  checkPolicy(policy);
  const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1));
  // The exponent stops at 2^1000 (finite), so a zero base gives 0, not 0·Infinity = NaN; the cap bounds the rest.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 1000));
}

/**
 * Milliseconds to wait before retry number `attempt` (1 = the first retry,
 * after the first failed delivery). `random` returns values in [0, 1).
 * `retryAfterMs`, when the server sent one, is a floor; the hard cap bounds both.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  const hardCapMs = checkPolicy(policy);
  const ceiling = backoffCeilingMs(attempt, policy);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
  const jittered = Math.round(unit * ceiling);
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0;
  return Math.min(hardCapMs, Math.max(jittered, floor));
}
