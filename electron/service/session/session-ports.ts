/**
 * What the session runner needs from the rest of the service, as small
 * interfaces: the central API (through central-enrollment.ts), the durable
 * record of the session (ledger, audit trail and outbox, through
 * session-ledger.ts), and the receipt printer. Tests pass in real parts or
 * small fakes; the runner does not know which.
 */
import type { FingerPosition } from '../../../common/fingers.ts';
import type { CapturedImage } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import type { FailureReason, Language } from '../../contract/index.ts';
import type { GuidanceTopic } from '../../../drivers/printer/guidance-slip.ts';
import type { AuditRecordRequest, SessionEffect, SessionOutcome } from './session-inputs.ts';
import type { FingerGuidance, FingerName, PasswordRule } from './session-state.ts';

export interface CallOptions {
  /** Created once per logical operation (per op), reused on every retry of it. */
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

export type VerifyOutcome =
  | { readonly kind: 'matched'; readonly token: string; readonly expiresAtMs: number; readonly attemptsLeft: number }
  | { readonly kind: 'no_match'; readonly attemptsLeft: number }
  | { readonly kind: 'finger_not_enrolled'; readonly enrolledFingers: readonly FingerName[] }
  | { readonly kind: 'template_unusable' }
  | { readonly kind: 'image_unusable'; readonly guidance: FingerGuidance | null }
  /** `lockedUntilMs`: with `locked`, when central lifts the lock (when it said). */
  | { readonly kind: 'refused'; readonly failure: FailureReason; readonly lockedUntilMs?: number | null }
  | { readonly kind: 'unavailable' };

export type CodeOutcome =
  | { readonly kind: 'issued'; readonly code: string; readonly display: string; readonly expiresAtMs: number }
  | { readonly kind: 'failed'; readonly failure: FailureReason };

export type ActivateOutcome =
  | { readonly kind: 'activated' }
  | { readonly kind: 'password_rejected'; readonly rules: readonly PasswordRule[] }
  | { readonly kind: 'failed'; readonly failure: FailureReason };

export interface EnrollmentCentral {
  verifyIdentity(
    /**
     * `fingerImage`: an ISO/IEC 19794-4 record, base64 (docs: the fingerprint wire decision).
     * No `cardSerial`/`cardExpiry`: a RUN typed on the keypad (Civil Digital), verified by RUN and finger.
     */
    request: { run: string; cardSerial?: string; cardExpiry?: string; finger: FingerName; fingerImage: string },
    options: CallOptions,
  ): Promise<VerifyOutcome>;
  /** The fingers the card's holder has enrolled, in position order; null when central cannot or will not say (the verification will). */
  enrolledFingers(request: { run: string; cardSerial: string; cardExpiry: string }, options: CallOptions): Promise<readonly FingerName[] | null>;
  issueActivationCode(request: { verificationToken: string; run: string }, options: CallOptions): Promise<CodeOutcome>;
  activateOneStep(
    request: { verificationToken: string; run: string; email: string; phone: string; language: Language; password?: string; generate?: 'email' | 'sms' },
    options: CallOptions,
  ): Promise<ActivateOutcome>;
}

/** The kiosk's own look at a captured image (biometrics/fingerprint quality, NFIQ 2 in spirit). */
export interface FingerImageAssessment {
  /** 0–100; written into the record's view header. */
  readonly score: number;
  readonly guidance: FingerGuidance | 'ok';
}

/** What the session needs of biometrics/: judge an image, and wrap a good one for central (finger-images.ts). */
export interface FingerImages {
  assess(image: CapturedImage): FingerImageAssessment;
  /** One-view ISO/IEC 19794-4:2005 record of `image`, with the finger position and quality in its view header. */
  encode(image: CapturedImage, finger: FingerPosition, quality: number): Uint8Array;
}

export type DeferRequest = Extract<SessionEffect, { type: 'defer' }>;

/**
 * The durable side of a session. Each method commits before it resolves; a
 * rejection means nothing of that call was written.
 */
export interface SessionLedger {
  sessionStarted(sessionId: string, mode: string, nowMs: number): void;
  sessionEnded(sessionId: string, outcome: SessionOutcome, nowMs: number): void;
  /** Queues a traceability record for central (the subject sealed). Records keep their order. */
  audit(record: AuditRecordRequest, context: { sessionId: string | null; nowMs: number }): Promise<void>;
  /**
   * Seals everything captured and queues it, with its audit record and the
   * session's outcome, in one transaction.
   */
  deferEnrollment(request: DeferRequest, nowMs: number): Promise<void>;
}

export interface ReceiptRequest {
  readonly code: string;
  readonly expiresAtMs: number;
  readonly runMasked: string;
  readonly language: Language;
  /** Printed as the transaction reference: the session id, not a citizen identifier. */
  readonly reference: string;
  readonly signal: AbortSignal;
}

/** Prints the activation receipt; rejects with a typed printer error (`printer.*` code). */
export type PrintReceipt = (request: ReceiptRequest) => Promise<void>;

export interface UnlockSlipRequest {
  readonly language: Language;
  /** When the lock lifts by itself, if central said. */
  readonly liftsAtMs: number | null;
  readonly signal: AbortSignal;
}

/** Prints the unlock procedure for a locked citizen; rejects with a typed printer error (`printer.*` code). */
export type PrintUnlockSlip = (request: UnlockSlipRequest) => Promise<void>;
/** Prints a guidance slip (drivers/printer/guidance-slip.ts) for a failure screen; rejects with a typed printer error. */
export type PrintGuidance = (request: { readonly topic: GuidanceTopic; readonly language: Language; readonly signal: AbortSignal }) => Promise<void>;
