/** The offline outbox: sealed payloads, the transactional queue, its delivery worker and the storage guard. */
export { BackoffPolicyInvalid, backoffCeilingMs, DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.ts';
export {
  DEFAULT_IDLE_MS,
  DEFAULT_LEASE_MS,
  DeliveryWorker,
  realScheduler,
  type DeliveredRow,
  type DeliveryOutcome,
  type DeliveryScheduler,
  type DeliveryWorkerOptions,
} from './delivery-worker.ts';
export {
  DEFAULT_MAX_AGE_MS,
  MAX_BODY_BYTES,
  Outbox,
  OUTBOX_KINDS,
  OutboxDuplicateKey,
  OutboxMessageInvalid,
  shortReason,
  type DeadRowSummary,
  type OutboxKind,
  type OutboxMessage,
  type OutboxMessageField,
  type OutboxOptions,
  type OutboxRow,
  type OutboxStats,
} from './outbox.ts';
export {
  deferredEnrollmentAad,
  DEFERRED_ENROLLMENT_VERSION,
  HPKE_SUITE,
  hpkeKeyId,
  parseCentralSealingKey,
  sealDeferredEnrollment,
  SEALED_PAYLOAD_VERSION,
  sealForCentral,
  SealingKeyInvalid,
  X25519_PUBLIC_KEY_LENGTH,
  type CentralSealingKey,
  type DeferredEnrollmentBundle,
  type SealingKeyProblem,
} from './sealing.ts';
export {
  DEFAULT_MAX_PENDING_ROWS,
  DEFAULT_MIN_FREE_BYTES,
  StorageGuard,
  type FreeSpace,
  type StorageCheck,
  type StorageGuardOptions,
} from './storage-guard.ts';
