/**
 * The kiosk's side of central/openapi.yaml: what each operation sends, and a
 * zod schema for every answer it may get back. central/ shares nothing with
 * the kiosk but that document, so the shapes are restated here, once, next to
 * their types (CONVENTIONS.md: "One contract, checked at runtime");
 * test/service/central/central-contract.test.ts checks the enums against the
 * YAML so the two cannot drift apart silently.
 *
 * Success bodies are strict where the contract says `additionalProperties:
 * false`. Problem bodies are not: RFC 9457 §3.2 tells clients to ignore
 * extension members they do not know, and a problem code the list below does
 * not name yet (a newer central) is still a refusal with a status, not a
 * broken answer.
 */
import { z } from 'zod';
import { FINGER_NAMES, type FingerName } from '../../../common/fingers.ts';
import type { Language } from '../../contract/index.ts';

/** A finger by name, or by ISO/IEC 19794-2 position (1 = right thumb … 10 = left little). */
export type Finger = FingerName | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** components/schemas/ProblemCode. */
export const PROBLEM_CODES = [
  'invalid_input',
  'template_malformed',
  'template_unusable',
  'image_malformed',
  'image_unusable',
  'finger_not_enrolled',
  'unknown_person',
  'card_mismatch',
  'card_blocked',
  'card_expired',
  'under_age',
  'already_has_account',
  'identity_locked',
  'rate_limited',
  'verification_token_invalid',
  'verification_token_expired',
  /** One-step activation with a token from a typed-RUN verification (ChileAtiende is card and finger only). */
  'card_required',
  'activation_code_wrong',
  'activation_code_expired',
  'activation_code_used',
  'password_rejected',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'idempotency_key_reused',
  'idempotency_request_in_flight',
  'admin_required',
  'client_certificate_required',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'malformed_json',
  'malformed_body',
  'invalid_request',
  'internal_error',
  'registration_token_invalid',
  'registration_token_used',
  'registration_token_expired',
  'csr_malformed',
  'csr_signature_invalid',
  'csr_key_unsupported',
  'csr_kiosk_mismatch',
  'kiosk_id_invalid',
  'sealed_payload_invalid',
  'fault_injected',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
/** A code the contract lists, or one a newer central added (still lower-case snake case). */
export type AnyProblemCode = ProblemCode | (string & {});

export const PASSWORD_RULE_IDS = ['min_length', 'max_length', 'not_common', 'no_run', 'no_names'] as const;
export type PasswordRuleId = (typeof PASSWORD_RULE_IDS)[number];

const unlockProcedure = z.object({ es: z.string(), en: z.string() });

/** components/schemas/Problem (extension members beyond these are dropped, not refused). */
export const problemSchema = z.object({
  type: z.string().startsWith('urn:claveunica-central:problem:'),
  title: z.string(),
  status: z.int().min(400).max(599),
  code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  detail: z.string().optional(),
  field: z.string().optional(),
  attemptsLeft: z.int().min(0).optional(),
  retryAfterSeconds: z.int().optional(),
  failedRules: z.array(z.enum(PASSWORD_RULE_IDS)).optional(),
  enrolledFingers: z.array(z.string()).optional(),
  /** image_unusable: what is wrong with the image (a guidance reason of biometrics/fingerprint/guidance.ts). */
  reason: z.string().max(40).optional(),
  unlockProcedure: unlockProcedure.optional(),
  /** identity_locked: when the lock lifts by itself (UTC). */
  lockedUntil: z.iso.datetime().optional(),
});
export type ProblemBody = z.infer<typeof problemSchema>;
/** components/responses/Locked: a 423 must say how to unlock, and when the lock lifts. */
export const lockedProblemSchema = problemSchema.extend({
  code: z.literal('identity_locked'),
  attemptsLeft: z.literal(0),
  unlockProcedure,
  lockedUntil: z.iso.datetime(),
});

// ---- answers ----------------------------------------------------------------

export const healthSchema = z.object({ status: z.literal('ok'), kioskId: z.string(), time: z.string() });
export type CentralHealth = z.infer<typeof healthSchema>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const hpkePublicKeySchema = z.object({
  keyId: z.string(),
  kem: z.literal('DHKEM(X25519, HKDF-SHA256)'),
  kdf: z.literal('HKDF-SHA256'),
  aead: z.literal('AES-256-GCM'),
  // A raw X25519 key is 32 octets: 43 base64url characters without padding.
  publicKey: z.string().regex(BASE64URL).length(43),
  envelopeVersion: z.int(),
});
export type HpkePublicKey = z.infer<typeof hpkePublicKeySchema>;

export const passwordPolicySchema = z.object({
  minLength: z.int(),
  maxLength: z.int().min(64),
  normalization: z.literal('NFKC'),
  minNamePartLength: z.int().optional(),
  rules: z.array(z.object({ id: z.enum(PASSWORD_RULE_IDS), value: z.int().optional(), description: z.string() })),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const verificationResultSchema = z.union([
  z.strictObject({ matched: z.literal(true), verificationToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/), expiresAt: z.string(), attemptsLeft: z.int().min(0) }),
  z.strictObject({ matched: z.literal(false), attemptsLeft: z.int().min(1) }),
]);
export type VerificationResult = z.infer<typeof verificationResultSchema>;

/** POST /v1/enrolled-fingers: the fingers the registry holds for the card's holder, in position order. */
export const enrolledFingersSchema = z.strictObject({ enrolledFingers: z.array(z.enum(FINGER_NAMES)).max(10) });
export type EnrolledFingers = z.infer<typeof enrolledFingersSchema>;

const CODE_ALPHABET = '[2-9A-HJKMNP-Z]';
export const activationCodeSchema = z.strictObject({
  activationCode: z.string().regex(new RegExp(`^${CODE_ALPHABET}{12}$`)),
  display: z.string().regex(new RegExp(`^${CODE_ALPHABET}{4}-${CODE_ALPHABET}{4}-${CODE_ALPHABET}{4}$`)),
  expiresAt: z.string(),
});
export type ActivationCode = z.infer<typeof activationCodeSchema>;

export const activationSchema = z.strictObject({
  status: z.literal('active'),
  email: z.string(),
  phone: z.string().regex(/^\+569\d{8}$/),
  passwordSentBy: z.enum(['email', 'sms']).optional(),
});
export type Activation = z.infer<typeof activationSchema>;

export const deferredEnrollmentResultSchema = z.strictObject({
  id: z.string().startsWith('de_'),
  state: z.literal('completed'),
  result: z.enum(['activated', 'rejected']),
  reason: z.string().optional(),
  notifiedBy: z.enum(['email', 'sms']),
  capturedAt: z.string(),
});
export type DeferredEnrollmentResult = z.infer<typeof deferredEnrollmentResultSchema>;

export const auditReceiptSchema = z.strictObject({ received: z.int(), stored: z.int() });
export type AuditReceipt = z.infer<typeof auditReceiptSchema>;

// ---- requests -------------------------------------------------------------------

interface VerifyIdentityCommon {
  readonly run: string;
  /** Absent when the citizen typed the RUN (Civil Digital): central verifies RUN and finger, without card checks. */
  readonly cardSerial?: string;
  /** YYYY-MM-DD as read from the card. */
  readonly cardExpiry?: string;
  readonly finger: Finger;
}
/** POST /v1/enrolled-fingers: the card as read. */
export interface EnrolledFingersRequest {
  readonly run: string;
  readonly cardSerial: string;
  readonly cardExpiry?: string;
}

/**
 * Exactly one of: `fingerImage`, an ISO/IEC 19794-4:2005 finger image record
 * (8-bit grey, 500 ppi, uncompressed or PNG; what every kiosk reader
 * delivers), or `template`, an ISO/IEC 19794-2:2005 minutiae record (readers
 * that extract ISO templates themselves). Raw bytes, or already standard base64.
 * A vendor template is never sent: nobody but its module can match it.
 */
export type VerifyIdentityRequest =
  | (VerifyIdentityCommon & { readonly fingerImage: Uint8Array | string; readonly template?: never })
  | (VerifyIdentityCommon & { readonly template: Uint8Array | string; readonly fingerImage?: never });

/** The wire decision's bound on `fingerImage` (base64 characters): a 256 × 288 raw record is about 98,000. */
export const FINGER_IMAGE_MAX_BASE64 = 700_000;

export interface ActivationCodeRequest {
  readonly verificationToken: string;
  readonly run?: string;
}

interface OneStepContact {
  readonly verificationToken: string;
  readonly run?: string;
  readonly email: string;
  readonly phone: string;
  /** The citizen's language (es-CL, en, ht): central's e-mails and SMS are written in it. */
  readonly language?: Language;
}
/** A typed password, or one central generates and sends by e-mail or SMS: never both. */
export type OneStepActivationRequest =
  | (OneStepContact & { readonly password: string; readonly generate?: never })
  | (OneStepContact & { readonly generate: 'email' | 'sms'; readonly password?: never });

export interface DeferredEnrollmentRequest {
  /** The HPKE envelope, base64url, sealed with `deferredEnrollmentAad`. */
  readonly sealed: string;
  readonly keyId?: string;
}

export interface AuditEventRecord {
  readonly eventId: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly type: string;
  readonly outcome: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
  /** The person's RUN sealed to central with `auditSubjectAad` (base64url HPKE envelope, ≤ 512 characters). */
  readonly subject?: string;
}
export interface AuditEventsRequest {
  readonly events: readonly AuditEventRecord[];
}

// ---- sealing contexts (the AADs central rebuilds from the request) -------------------

/** POST /v1/deferred-enrollments: label, the kiosk id of the client certificate, the Idempotency-Key; LF-separated UTF-8. */
export function deferredEnrollmentAad(kioskId: string, idempotencyKey: string): Uint8Array {
  return new TextEncoder().encode(`claveunica-deferred-enrollment/v1\n${kioskId}\n${idempotencyKey}`);
}

/** POST /v1/audit-events `subject`: label, the kiosk id of the client certificate, the record's eventId; LF-separated UTF-8. Plaintext: `auditSubjectPlaintext`. */
export function auditSubjectAad(kioskId: string, eventId: string): Uint8Array {
  return new TextEncoder().encode(`claveunica-audit-subject/v1\n${kioskId}\n${eventId}`);
}

/** The plaintext an audit subject seals: UTF-8 JSON `{"run": …}`, nothing else. */
export function auditSubjectPlaintext(run: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ run }));
}
