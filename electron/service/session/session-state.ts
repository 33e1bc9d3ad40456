import type { ErrorCode, FailureReason, KioskMode, Language, PasswordMethod, SessionStep } from '../../contract/index.ts';
import type { PASSWORD_RULES } from '../../contract/session.ts';
import type { FINGER_NAMES } from '../../../common/fingers.ts';
import type { PasswordOwner } from '../../../common/password-rules.ts';

export type FingerName = (typeof FINGER_NAMES)[number];
export type PasswordRule = (typeof PASSWORD_RULES)[number];
export type FingerFeedback = 'waiting' | 'detected' | 'lift' | 'low_quality';

/**
 * What the session keeps of the card while it runs (memory only; wiped with
 * the session). A RUN typed on the keypad (Civil Digital) has no card:
 * serial, expiry and name are null, and central verifies RUN and finger.
 */
export interface CardFacts {
  /** `15.234.871-1`: what central expects. */
  readonly run: string;
  readonly runMasked: string;
  readonly serial: string | null;
  /** YYYY-MM-DD. */
  readonly expiry: string | null;
  readonly firstName: string | null;
  /** What the password rules need of the person (RUN number, folded name parts), for the live checklist. */
  readonly passwordOwner: PasswordOwner;
}

/** The facts of a card actually read: what a deferred enrollment carries. */
export type ReadCardFacts = CardFacts & { readonly serial: string; readonly expiry: string };

export function isReadCard(card: CardFacts): card is ReadCardFacts {
  return card.serial !== null && card.expiry !== null;
}

/**
 * What the citizen can do about an image that is not good enough to send
 * (biometrics/fingerprint/guidance.ts reasons, without `ok`): each has its
 * own message (session-machine.ts GUIDANCE_ERRORS).
 */
export const FINGER_GUIDANCE = ['no_finger', 'not_a_finger', 'too_light', 'too_wet', 'too_dry', 'smudged', 'off_centre', 'too_small'] as const;
export type FingerGuidance = (typeof FINGER_GUIDANCE)[number];

export function isFingerGuidance(reason: unknown): reason is FingerGuidance {
  return typeof reason === 'string' && (FINGER_GUIDANCE as readonly string[]).includes(reason);
}

/**
 * One accepted capture: what verification and a deferred enrollment send.
 * Memory only, dropped with the session (the kiosk never keeps a fingerprint).
 */
export interface FingerCapture {
  readonly finger: FingerName;
  /** ISO/IEC 19794-4:2005 finger image record, standard base64. */
  readonly fingerImage: string;
}

/** Proof of a successful verification in this session. Never leaves the service. */
export interface Verification {
  readonly sessionId: string;
  readonly token: string;
  readonly expiresAtMs: number;
}

export interface IssuedCode {
  readonly code: string;
  readonly display: string;
  readonly expiresAtMs: number;
}

/**
 * Everything the service knows about the running session. Personal data
 * lives only here, in memory, and is dropped by `wipe` when the session ends;
 * the renderer sees `toSnapshot` of it (masked).
 */
export interface SessionState {
  readonly revision: number;
  readonly sessionId: string | null;
  readonly step: SessionStep;
  readonly mode: KioskMode;
  readonly language: Language;
  readonly idleDeadlineMs: number | null;
  readonly stepDeadlineMs: number | null;
  /**
   * Id of the operation the session waits on (card watch, capture, a central
   * call, a print). A result carrying another id is stale and ignored.
   */
  readonly op: number;
  readonly busy: boolean;
  readonly error: ErrorCode | null;
  readonly failure: FailureReason | null;
  readonly card: CardFacts | null;
  readonly cardReadFailures: number;
  readonly finger: FingerName;
  /**
   * The fingers central holds for this person (asked once the card is read),
   * in position order; null until central said (unreachable: only the
   * default finger is asked for).
   */
  readonly enrolledFingers: readonly FingerName[] | null;
  readonly fingerFeedback: FingerFeedback;
  readonly captureFailures: number;
  /** Fingerprint attempts left at central (null until central said). */
  readonly attemptsLeft: number | null;
  readonly capture: FingerCapture | null;
  readonly verification: Verification | null;
  /** ChileAtiende while central is unreachable: a deferred enrollment. */
  readonly deferred: boolean;
  readonly email: string | null;
  readonly phone: string | null;
  /** The e-mail or phone step was opened from the review: it returns there, not through the steps after it. */
  readonly returnToReview: boolean;
  readonly passwordMethod: PasswordMethod | null;
  /** A typed password, until the activation call has been made. */
  readonly password: string | null;
  readonly passwordFailedRules: readonly PasswordRule[] | null;
  readonly activationCode: IssuedCode | null;
  /** The code is shown on screen (the receipt could not be printed). */
  readonly codeOnScreen: boolean;
  /** Failure `locked`: when central said the lock lifts (null if it did not). */
  readonly lockLiftsAtMs: number | null;
  /** Failure `locked`: the slip with the unlock procedure, once the citizen asked for it. */
  readonly unlockSlip: UnlockSlip;
  /**
   * A failure screen's printed directions (a guidance slip): offered when the
   * failure has one and the printer was ready, then printing, printed or
   * failed; null when there is none to offer.
   */
  readonly guidanceSlip: GuidanceSlipState | null;
}

export type UnlockSlip = 'none' | 'printing' | 'printed' | 'failed';

export type GuidanceSlipState = 'offered' | 'printing' | 'printed' | 'failed';

export const DEFAULT_FINGER: FingerName = 'right-index';

export function initialSessionState(mode: KioskMode, language: Language): SessionState {
  return {
    revision: 0,
    sessionId: null,
    step: 'idle',
    mode,
    language,
    idleDeadlineMs: null,
    stepDeadlineMs: null,
    op: 0,
    busy: false,
    error: null,
    failure: null,
    card: null,
    cardReadFailures: 0,
    finger: DEFAULT_FINGER,
    enrolledFingers: null,
    fingerFeedback: 'waiting',
    captureFailures: 0,
    attemptsLeft: null,
    capture: null,
    verification: null,
    deferred: false,
    email: null,
    phone: null,
    returnToReview: false,
    passwordMethod: null,
    password: null,
    passwordFailedRules: null,
    activationCode: null,
    codeOnScreen: false,
    lockLiftsAtMs: null,
    unlockSlip: 'none',
    guidanceSlip: null,
  };
}
