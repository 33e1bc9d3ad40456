/**
 * What every operation shares: the database and its prepared statements, the
 * edges passed in (clock, randomness, hasher, blocklist, log), the policy
 * figures, and the one way a state change is committed: `idempotent`.
 */
import type { CentralDatabase } from '../storage/database.ts';
import { ActivationCodes } from './activation-codes.ts';
import { AuditLog } from './audit.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Clock } from './clock.ts';
import type { Outcome } from './errors.ts';
import { type IdempotencyClaim, type IdempotencyRequest, IdempotencyStore } from './idempotency.ts';
import { Mailbox } from './mailbox.ts';
import type { PasswordBlocklist } from './password-blocklist.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { PASSWORD_POLICY, type PasswordPolicy } from './password-rules.ts';
import { RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limits.ts';
import { type EnrolmentTemplateSource, Registry } from './registry.ts';
import type { RandomBytes } from './secrets.ts';
import { FailureBook } from './verification-failures.ts';
import { VerificationTokens } from './verification-tokens.ts';

export interface DomainPolicy {
  /** Verification token lifetime: long enough for the code or the e-mail/phone/password screens, short enough to die with the session. */
  readonly verificationTokenTtlMs: number;
  /** Activation code lifetime: the citizen activates at home, later the same day or the next. */
  readonly activationCodeTtlMs: number;
  /** Failed verifications within the window that lock the person (ARCHITECTURE.md; reliability-security.md §8 "Lockout"). */
  readonly lockoutFailures: number;
  readonly lockoutWindowMs: number;
  /** How long a lock lasts before it lifts by itself (an operator may lift it sooner). */
  readonly lockoutDurationMs: number;
  readonly minimumAge: number;
  readonly rateLimits: RateLimits;
  readonly passwords: PasswordPolicy;
}

export const DEFAULT_POLICY: DomainPolicy = {
  verificationTokenTtlMs: 10 * MINUTE_MS,
  activationCodeTtlMs: DAY_MS,
  lockoutFailures: 3,
  lockoutWindowMs: 24 * HOUR_MS,
  lockoutDurationMs: 24 * HOUR_MS,
  minimumAge: 18,
  rateLimits: RATE_LIMITS,
  passwords: PASSWORD_POLICY,
};

/**
 * Structured log lines. Fields are chosen by the domain and never carry a
 * password, template, token, code or full RUN: people appear as `runRef`
 * (run.ts).
 */
export type DomainLog = (event: string, fields: Readonly<Record<string, string | number | boolean | null>>) => void;

export interface DomainContext {
  readonly db: CentralDatabase;
  readonly serverSecret: Uint8Array;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly hasher: PasswordHasher;
  readonly blocklist: PasswordBlocklist;
  readonly policy: DomainPolicy;
  readonly log: DomainLog;
  /** Derives a finger's enrolled template from its enrolment image (storage/seed.ts enrolmentRecord for the synthetic registry). */
  readonly enrolmentTemplate: EnrolmentTemplateSource;
  readonly registry: Registry;
  readonly tokens: VerificationTokens;
  readonly failures: FailureBook;
  readonly codes: ActivationCodes;
  readonly audit: AuditLog;
  readonly mailbox: Mailbox;
  readonly limiter: RateLimiter;
  readonly idempotency: IdempotencyStore;
}

export type ContextEdges = Pick<DomainContext, 'db' | 'serverSecret' | 'clock' | 'random' | 'hasher' | 'blocklist' | 'policy' | 'log' | 'enrolmentTemplate'>;

export function createContext(edges: ContextEdges): DomainContext {
  return {
    ...edges,
    registry: new Registry(edges.db, edges.enrolmentTemplate),
    tokens: new VerificationTokens(edges.db, edges.serverSecret, edges.random),
    failures: new FailureBook(edges.db),
    codes: new ActivationCodes(edges.db, edges.serverSecret),
    audit: new AuditLog(edges.db),
    mailbox: new Mailbox(edges.db),
    limiter: new RateLimiter(edges.db),
    idempotency: new IdempotencyStore(edges.db, edges.serverSecret, edges.random),
  };
}

/** Runs `change` in one write transaction; the idempotent response is stored in the same one. */
export type Commit<T> = (change: () => Outcome<T>) => Outcome<T>;

/**
 * The frame of every state-changing operation. Without a request (internal
 * callers) it only provides `commit`. With one, a replay or a refusal is
 * answered before `operation` runs; an outcome returned without committing
 * (bad input, rate limit) releases the claim, so the same key may be retried.
 */
export async function idempotent<T>(
  ctx: DomainContext,
  request: IdempotencyRequest | undefined,
  operation: (commit: Commit<T>) => Promise<Outcome<T>> | Outcome<T>,
): Promise<Outcome<T>> {
  let claim: IdempotencyClaim | undefined;
  if (request) {
    const start = ctx.idempotency.begin<T>(request, ctx.clock());
    if (start.kind === 'refused') return { ok: false, error: start.error };
    if (start.kind === 'replay') return start.outcome;
    claim = start.claim;
  }
  let committed = false;
  const commit: Commit<T> = (change) => {
    const outcome = ctx.db
      .transaction(() => {
        const result = change();
        if (claim) ctx.idempotency.complete(claim, result, ctx.clock());
        return result;
      })
      .immediate();
    committed = true;
    return outcome;
  };
  try {
    return await operation(commit);
  } finally {
    if (claim && !committed) ctx.idempotency.release(claim);
  }
}
