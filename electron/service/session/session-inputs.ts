import type { CardReadErrorCode } from '../../../drivers/card-reader/card-read.ts';
import type { GuidanceTopic } from '../../../drivers/printer/guidance-slip.ts';
import type { ErrorCode, FailureReason, KioskReadiness, Language, SessionEvent } from '../../contract/index.ts';
import type { CardFacts, FingerCapture, ReadCardFacts, FingerFeedback, FingerGuidance, FingerName, PasswordRule } from './session-state.ts';

/**
 * What can happen to a session: the renderer's events (already validated by
 * the contract), the citizen's cancel, timers, and the results of the
 * operations the session started. Results carry the `op` they answer, so a
 * late answer to an abandoned operation changes nothing.
 */
export type SessionInput =
  | {
      readonly type: 'start';
      readonly language: Language | undefined;
      readonly storageFull: boolean;
      /** What the kiosk knows of its devices and central as the citizen starts (absent: all ready). */
      readonly readiness?: KioskReadiness;
    }
  | { readonly type: 'event'; readonly event: SessionEvent }
  | { readonly type: 'cancel' }
  | { readonly type: 'idle-timeout' }
  | { readonly type: 'step-timeout'; readonly op: number }
  | { readonly type: 'card.read'; readonly op: number; readonly card: CardFacts }
  | { readonly type: 'card.failed'; readonly op: number; readonly code: CardReadErrorCode | 'device' }
  /** Central said which fingers the card's holder has enrolled (answers the session, not an op: it runs beside the capture). */
  | { readonly type: 'fingers.enrolled'; readonly sessionId: string; readonly fingers: readonly FingerName[] }
  | { readonly type: 'finger.feedback'; readonly op: number; readonly feedback: FingerFeedback }
  | { readonly type: 'finger.captured'; readonly op: number; readonly capture: FingerCapture }
  | { readonly type: 'finger.failed'; readonly op: number; readonly reason: 'low_quality' | 'device' | 'timeout' }
  /** The kiosk's quality check found the image not worth sending: a capture attempt, and what to tell the citizen. */
  | { readonly type: 'finger.unusable'; readonly op: number; readonly guidance: FingerGuidance }
  | { readonly type: 'verify.matched'; readonly op: number; readonly token: string; readonly expiresAtMs: number; readonly attemptsLeft: number }
  | { readonly type: 'verify.no_match'; readonly op: number; readonly attemptsLeft: number }
  | { readonly type: 'verify.finger_not_enrolled'; readonly op: number; readonly enrolledFingers: readonly FingerName[] }
  | { readonly type: 'verify.template_unusable'; readonly op: number }
  /** Central decoded the image but could not use it (image_unusable); its reason, when it gave a known one. */
  | { readonly type: 'verify.image_unusable'; readonly op: number; readonly guidance: FingerGuidance | null }
  /** `lockedUntilMs`: with `locked`, when central lifts the lock (when it said). */
  | { readonly type: 'verify.refused'; readonly op: number; readonly failure: FailureReason; readonly lockedUntilMs?: number | null }
  | { readonly type: 'verify.unavailable'; readonly op: number }
  | { readonly type: 'code.issued'; readonly op: number; readonly code: string; readonly display: string; readonly expiresAtMs: number }
  | { readonly type: 'code.failed'; readonly op: number; readonly failure: FailureReason }
  | { readonly type: 'print.done'; readonly op: number }
  | { readonly type: 'guidance.printed'; readonly op: number }
  | { readonly type: 'guidance.print_failed'; readonly op: number; readonly code: ErrorCode }
  | { readonly type: 'print.failed'; readonly op: number; readonly code: ErrorCode }
  | { readonly type: 'activate.done'; readonly op: number }
  | { readonly type: 'activate.password_rejected'; readonly op: number; readonly rules: readonly PasswordRule[] }
  | { readonly type: 'activate.failed'; readonly op: number; readonly failure: FailureReason }
  | { readonly type: 'slip.done'; readonly op: number }
  | { readonly type: 'slip.failed'; readonly op: number; readonly code: ErrorCode }
  | { readonly type: 'defer.done'; readonly op: number }
  | { readonly type: 'defer.failed'; readonly op: number; readonly failure: FailureReason };

export type SessionInputType = SessionInput['type'];

/** Audit record types (Decreto 9 art. 13 traceability); the subject (RUN) is added sealed by the recorder. */
export type AuditType =
  | 'session.started'
  | 'session.ended'
  | 'card.read'
  | 'verification'
  | 'lockout'
  | 'activation_code.issued'
  | 'receipt.printed'
  | 'activation'
  | 'deferred_enrollment.queued';

export interface AuditRecordRequest {
  readonly type: AuditType;
  readonly outcome: string;
  /** RUN of the person the record is about, when known; sealed before it is stored. */
  readonly subjectRun: string | null;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

/** How a session ended, for the ledger (no identity). */
export type SessionOutcome =
  'cancelled' | 'declined' | 'idle_timeout' | 'code_printed' | 'code_on_screen' | 'activated' | 'deferred' | `failed:${FailureReason}`;

/**
 * What the machine asks its runner to do. The runner performs each effect and
 * feeds the result back as a SessionInput carrying the same `op`.
 */
export type SessionEffect =
  | { readonly type: 'abort' }
  | { readonly type: 'watch-card'; readonly op: number }
  | { readonly type: 'capture-finger'; readonly op: number; readonly finger: FingerName }
  /** Ask central which fingers the card's holder has enrolled; answered by `fingers.enrolled` (nothing when central cannot say). */
  | { readonly type: 'lookup-fingers'; readonly sessionId: string; readonly card: CardFacts }
  | { readonly type: 'verify'; readonly op: number; readonly card: CardFacts; readonly capture: FingerCapture }
  | { readonly type: 'issue-code'; readonly op: number; readonly verificationToken: string; readonly run: string }
  | {
      readonly type: 'print-receipt';
      readonly op: number;
      readonly code: string;
      readonly expiresAtMs: number;
      readonly runMasked: string;
      readonly language: Language;
    }
  | {
      readonly type: 'activate';
      readonly op: number;
      readonly verificationToken: string;
      readonly run: string;
      readonly email: string;
      readonly phone: string;
      readonly password: { readonly typed: string } | { readonly generate: 'email' | 'sms' };
      /** The session's language: central writes to the citizen in it. */
      readonly language: Language;
    }
  | {
      readonly type: 'defer';
      readonly op: number;
      readonly sessionId: string;
      readonly card: ReadCardFacts;
      readonly capture: FingerCapture;
      readonly email: string;
      readonly phone: string;
      readonly generate: 'email' | 'sms';
      readonly language: Language;
    }
  /** The lockout screen's slip: how to unlock, and when the lock lifts by itself. */
  | { readonly type: 'print-unlock-slip'; readonly op: number; readonly language: Language; readonly liftsAtMs: number | null }
  | { readonly type: 'print-guidance'; readonly op: number; readonly topic: GuidanceTopic; readonly language: Language }
  | { readonly type: 'audit'; readonly record: AuditRecordRequest }
  | { readonly type: 'session-started'; readonly sessionId: string }
  | { readonly type: 'session-ended'; readonly sessionId: string; readonly outcome: SessionOutcome };
