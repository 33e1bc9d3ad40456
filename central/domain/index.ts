/**
 * central/domain: the central enrollment API's operations as plain
 * TypeScript (no HTTP). The HTTP layer creates one CentralDomain and maps
 * each Outcome to a response: `ok` → `status` + JSON `value`; otherwise
 * `error.status` + `error.toProblem()` as application/problem+json.
 */
export { createCentralDomain, EXPIRED_CODE_RETENTION_MS, type CentralDomain, type CentralDomainOptions, type PurgeReport } from './central-domain.ts';
export type { ActivationCodeRequest, ActivationCodeResult, ActivationResult, CodeActivationRequest } from './activation.ts';
export type { AuditEvent, AuditRow } from './audit.ts';
export {
  DEFERRED_BUNDLE_VERSION,
  type DeferredBundle,
  deferredBundleSchema,
  deferredEnrollmentAad,
  type DeferredEnrollmentRequest,
  type DeferredEnrollmentResult,
} from './deferred-enrollment.ts';
export { ageOn, chileanDate, type Clock, DAY_MS, HOUR_MS, MINUTE_MS, systemClock } from './clock.ts';
export { DEFAULT_POLICY, type DomainLog, type DomainPolicy } from './context.ts';
export { DOMAIN_ERRORS, DomainError, type DomainErrorCode, isDomainError, type Outcome, type ProblemExtensions } from './errors.ts';
export {
  CANONICAL_JSON_MAX_DEPTH,
  CanonicalJsonTooDeep,
  canonicalJson,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyRequest,
  IN_FLIGHT_TIMEOUT_MS,
  KIOSK_OUTBOX_MAX_AGE_MS,
} from './idempotency.ts';
export { parseChileanMobile, parseEmail, parseRunText, type Parsed, TEMPLATE_MAX_BYTES } from './input.ts';
export { UNLOCK_PROCEDURE, type UnlockRequest, type UnlockResult } from './lockout.ts';
export type { MessageChannel, MessageKind, StoredMessage } from './mailbox.ts';
export type { OneStepActivationRequest } from './one-step-activation.ts';
export {
  COMMON_PASSWORDS_SOURCE,
  commonPasswordBlocklist,
  CONTEXT_WORDS,
  createBlocklist,
  EMPTY_BLOCKLIST,
  loadBlocklistFile,
  type PasswordBlocklist,
} from './password-blocklist.ts';
export { ARGON2ID_PARAMETERS, type Argon2idParameters, argon2idHasher, type PasswordHasher } from './password-hasher.ts';
export {
  checkPassword,
  normalizePassword,
  PASSWORD_POLICY,
  type PasswordCheck,
  type PasswordPolicy,
  passwordPolicy,
  type PasswordRuleId,
} from './password-rules.ts';
export { type ProgressiveRateLimit, progressiveDelayMs, RATE_LIMITS, type RateLimit, type RateLimits } from './rate-limits.ts';
export { parseRun, type Run, runCheckDigit, runRef } from './run.ts';
export { ACTIVATION_CODE_ALPHABET, ACTIVATION_CODE_LENGTH, formatActivationCode, normalizeActivationCode } from './secrets.ts';
export type { EnrolledFingersRequest, EnrolledFingersResult } from './enrolled-fingers.ts';
export { MIN_PROBE_MINUTIAE, type VerificationRequest, type VerificationResult } from './verification.ts';
