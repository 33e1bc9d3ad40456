/**
 * The domain layer of the central sandbox, as one object the HTTP layer
 * holds. Each operation takes already-parsed input (and, for state changes,
 * the Idempotency-Key request context) and returns an Outcome: a typed value
 * with the HTTP status to answer, or a DomainError with a stable code and
 * status for the problem+json body. Nothing here knows about HTTP.
 */
import type { CentralDatabase } from '../storage/database.ts';
import { enrolmentRecord } from '../storage/seed.ts';
import {
  activateWithCode,
  type ActivationCodeRequest,
  type ActivationCodeResult,
  type ActivationResult,
  type CodeActivationRequest,
  issueActivationCode,
} from './activation.ts';
import type { AuditEvent, AuditRow } from './audit.ts';
import { DAY_MS, type Clock, systemClock } from './clock.ts';
import { type ContextEdges, createContext, DEFAULT_POLICY, type DomainContext, type DomainLog, type DomainPolicy } from './context.ts';
import { type DeferredEnrollmentRequest, type DeferredEnrollmentResult, enrollDeferred } from './deferred-enrollment.ts';
import type { Outcome } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { type UnlockRequest, type UnlockResult, unlockIdentity } from './lockout.ts';
import type { MessageChannel, StoredMessage } from './mailbox.ts';
import { activateOneStep, type OneStepActivationRequest } from './one-step-activation.ts';
import { commonPasswordBlocklist, type PasswordBlocklist } from './password-blocklist.ts';
import { argon2idHasher, type PasswordHasher } from './password-hasher.ts';
import type { PasswordPolicy } from './password-rules.ts';
import type { EnrolmentTemplateSource } from './registry.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { type RandomBytes, systemRandomBytes } from './secrets.ts';
import { type VerificationRequest, type VerificationResult, verifyIdentity } from './verification.ts';
import { enrolledFingers, type EnrolledFingersRequest, type EnrolledFingersResult } from './enrolled-fingers.ts';

export interface CentralDomainOptions {
  readonly db: CentralDatabase;
  /** At least 32 bytes (storage/server-secret.ts makes one). */
  readonly serverSecret: Uint8Array;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
  /** Default: Argon2id at m = 19 MiB, t = 2, p = 1. */
  readonly hasher?: PasswordHasher;
  /** Default: no list, rule-based checks only (see password-blocklist.ts). */
  readonly blocklist?: PasswordBlocklist;
  readonly policy?: Partial<DomainPolicy>;
  readonly log?: DomainLog;
  /** Default: the synthetic registry's enrolment images (storage/seed.ts). */
  readonly enrolmentTemplate?: EnrolmentTemplateSource;
}

/** Expired activation codes answer "expired" for this long, then "wrong". */
export const EXPIRED_CODE_RETENTION_MS = 30 * DAY_MS;

export interface PurgeReport {
  readonly idempotencyKeys: number;
  readonly rateLimitEvents: number;
  readonly verificationFailures: number;
  readonly verificationTokens: number;
  readonly activationCodes: number;
}

export interface CentralDomain {
  readonly context: DomainContext;
  verifyIdentity(input: VerificationRequest, idempotency?: IdempotencyRequest): Promise<Outcome<VerificationResult>>;
  /** The fingers the registry holds for the holder of this card, so the kiosk can offer any of them. */
  enrolledFingers(input: EnrolledFingersRequest, idempotency?: IdempotencyRequest): Promise<Outcome<EnrolledFingersResult>>;
  issueActivationCode(input: ActivationCodeRequest, idempotency?: IdempotencyRequest): Promise<Outcome<ActivationCodeResult>>;
  activateWithCode(input: CodeActivationRequest, idempotency?: IdempotencyRequest): Promise<Outcome<ActivationResult>>;
  activateOneStep(input: OneStepActivationRequest, idempotency?: IdempotencyRequest): Promise<Outcome<ActivationResult>>;
  unlockIdentity(input: UnlockRequest, idempotency?: IdempotencyRequest): Promise<Outcome<UnlockResult>>;
  /** A sealed bundle captured offline: opened, verified, activated with a generated password, citizen notified (deferred-enrollment.ts). */
  enrollDeferred(input: DeferredEnrollmentRequest, idempotency?: IdempotencyRequest): Promise<Outcome<DeferredEnrollmentResult>>;
  /** The rules as data, for the kiosk's checklist and the API's policy endpoint. */
  passwordPolicy(): PasswordPolicy;
  /** The development mailbox, newest first. */
  messages(filter?: { recipient?: string; channel?: MessageChannel; limit?: number }): StoredMessage[];
  auditEvents(filter?: { run?: string; event?: AuditEvent; limit?: number }): AuditRow[];
  /** Deletes what has outlived its retention; run it hourly or at start. One transaction. */
  purge(): PurgeReport;
}

export function createCentralDomain(options: CentralDomainOptions): CentralDomain {
  if (options.serverSecret.length < 32) throw new RangeError('the server secret must be at least 32 bytes');
  const edges: ContextEdges = {
    db: options.db,
    serverSecret: options.serverSecret,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandomBytes,
    hasher: options.hasher ?? argon2idHasher(),
    blocklist: options.blocklist ?? commonPasswordBlocklist(),
    policy: { ...DEFAULT_POLICY, ...options.policy },
    log: options.log ?? (() => {}),
    enrolmentTemplate: options.enrolmentTemplate ?? ((run, position) => enrolmentRecord(run, position as FingerPosition)),
  };
  const ctx = createContext(edges);
  return {
    context: ctx,
    verifyIdentity: (input, idempotency) => verifyIdentity(ctx, input, idempotency),
    enrolledFingers: (input, idempotency) => enrolledFingers(ctx, input, idempotency),
    issueActivationCode: (input, idempotency) => issueActivationCode(ctx, input, idempotency),
    activateWithCode: (input, idempotency) => activateWithCode(ctx, input, idempotency),
    activateOneStep: (input, idempotency) => activateOneStep(ctx, input, idempotency),
    unlockIdentity: (input, idempotency) => unlockIdentity(ctx, input, idempotency),
    enrollDeferred: (input, idempotency) => enrollDeferred(ctx, input, idempotency),
    passwordPolicy: () => ctx.policy.passwords,
    messages: (filter) => ctx.mailbox.list(filter),
    auditEvents: (filter) => ctx.audit.list(filter),
    purge: () =>
      ctx.db
        .transaction((now: number): PurgeReport => ({
          idempotencyKeys: ctx.idempotency.purge(now),
          rateLimitEvents: ctx.limiter.purge(now),
          verificationFailures: ctx.failures.purge(now - ctx.policy.lockoutWindowMs),
          verificationTokens: ctx.tokens.purge(now - DAY_MS),
          activationCodes: ctx.codes.purge(now - EXPIRED_CODE_RETENTION_MS),
        }))
        .immediate(ctx.clock()),
  };
}
