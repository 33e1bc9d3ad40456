/**
 * The enrollment session as a pure state machine: `transition(state, input,
 * ctx)` returns the next state and the effects to run, or a typed refusal.
 * Time, ids and limits are inputs, so every path is unit-testable without
 * devices, network or waiting.
 *
 * Hand-written rather than XState 5: the state is one flat record the
 * snapshot is computed from, effects are plain data the runner interprets,
 * and an exhaustive (step × input) table test is a loop over two arrays. An
 * actor runtime would add a dependency and a second way of describing time
 * (XState's delayed transitions) without buying anything this flow needs.
 *
 * The guard that matters (ARCHITECTURE.md: "is this person verified? may we
 * activate?"): `verification` is set only by a `verify.matched` result for
 * the operation this session started, and the steps that spend it
 * (issuing-code, activating) are entered only from states that hold it for
 * this session id and before it expires.
 */
import {
  type ErrorCode,
  type FailureReason,
  fail,
  KIOSK_READY,
  type KioskMode,
  type KioskReadiness,
  type Language,
  ok,
  type Result,
  type SessionEvent,
  type SessionStep,
} from '../../contract/index.ts';
import type { GuidanceTopic } from '../../../drivers/printer/guidance-slip.ts';
import { readRun } from '../../../common/run.ts';
import { maskRun } from '../../../common/run-mask.ts';
import { normalizeChileanMobile, normalizeEmail } from './contact-rules.ts';
import type { AuditRecordRequest, SessionEffect, SessionInput, SessionOutcome } from './session-inputs.ts';
import { type CardFacts, type FingerGuidance, type FingerName, initialSessionState, isReadCard, type SessionState } from './session-state.ts';

export interface SessionLimits {
  readonly idleTimeoutMs: number;
  readonly cardTimeoutMs: number;
  readonly fingerTimeoutMs: number;
  /** Data entry steps (consent, email, phone, password, review, deferred offer). */
  readonly entryTimeoutMs: number;
  /** Steps that wait on central or the printer. */
  readonly operationTimeoutMs: number;
  readonly maxCardReads: number;
  readonly maxFingerCaptures: number;
}

export interface SessionContext {
  readonly nowMs: number;
  /** The receipt printer is ready now (a failure screen may offer printed directions); absent means no. */
  readonly printerReady?: boolean;
  readonly limits: SessionLimits;
  readonly languages: readonly Language[];
  readonly defaultLanguage: Language;
  readonly newSessionId: () => string;
}

export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

/** The steps each mode walks through, for the progress indicator. */
export const PLANNED_STEPS: Readonly<Record<KioskMode, readonly SessionStep[]>> = {
  'civil-digital': ['welcome', 'consent', 'card', 'finger', 'verifying', 'issuing-code', 'printing', 'code-printed'],
  chileatiende: ['welcome', 'consent', 'card', 'finger', 'verifying', 'email', 'phone', 'password', 'review', 'activating', 'activated'],
};

/** Steps where the session waits on a device or central: results arrive, the citizen waits. */
const BUSY_STEPS: ReadonlySet<SessionStep> = new Set(['verifying', 'issuing-code', 'printing', 'activating', 'deferring']);
/** Steps that end the session; only `finish` (or the idle timeout) leaves them. */
export const FINAL_STEPS: ReadonlySet<SessionStep> = new Set(['code-printed', 'code-on-screen', 'activated', 'deferred', 'failed']);
const ENTRY_STEPS: ReadonlySet<SessionStep> = new Set(['welcome', 'consent', 'email', 'phone', 'password', 'review', 'deferred-offer']);

/** What the citizen is told for each reason an image is not good enough (the kiosk's check or central's). */
export const GUIDANCE_ERRORS: Readonly<Record<FingerGuidance, ErrorCode>> = {
  no_finger: 'session.finger_no_finger',
  not_a_finger: 'session.finger_not_a_finger',
  too_light: 'session.finger_too_light',
  too_wet: 'session.finger_too_wet',
  too_dry: 'session.finger_too_dry',
  smudged: 'session.finger_smudged',
  off_centre: 'session.finger_off_centre',
  too_small: 'session.finger_too_small',
};

const NO_CHANGE: readonly SessionEffect[] = [];

/** Failures whose screen offers printed directions, and the slip's topic (drivers/printer/guidance-slip.ts). */
const SLIP_TOPICS: Partial<Record<FailureReason, GuidanceTopic>> = { finger_unreadable: 'finger_unreadable' };

export function transition(state: SessionState, input: SessionInput, ctx: SessionContext): Result<Transition> {
  const m = new Mover(state, ctx);
  switch (input.type) {
    case 'start':
      return start(m, input.language, input.storageFull, input.readiness ?? KIOSK_READY);
    case 'cancel':
      if (state.step === 'idle') return unchanged(state);
      // A submission in flight cannot be taken back; it is bounded by the operation timeout.
      if (state.busy) return fail('session.busy');
      return m.end(state.step === 'consent' ? 'declined' : 'cancelled', 'cancelled');
    case 'idle-timeout':
      if (state.step === 'idle') return unchanged(state);
      // Never wipe under a device operation or a submission (electron-kiosk.md §4.4): look again later.
      if (state.busy) return ok({ state: { ...state, idleDeadlineMs: ctx.nowMs + ctx.limits.idleTimeoutMs }, effects: NO_CHANGE });
      return m.end('idle_timeout', 'idle_timeout');
    case 'event':
      if (state.step === 'idle') return fail('session.not_active');
      return onEvent(m, input.event);
    case 'fingers.enrolled':
      return onEnrolledFingers(m, input.sessionId, input.fingers);
    default:
      return onResult(m, input);
  }
}

function unchanged(state: SessionState): Result<Transition> {
  return ok({ state, effects: NO_CHANGE });
}

/** Builds the next state: bumps the revision, sets deadlines for the step entered, collects effects. */
class Mover {
  readonly state: SessionState;
  readonly ctx: SessionContext;
  constructor(state: SessionState, ctx: SessionContext) {
    this.state = state;
    this.ctx = ctx;
  }

  /** Same step, some fields changed (an error shown, feedback); the idle deadline is not touched. */
  patch(patch: Partial<SessionState>, effects: readonly SessionEffect[] = NO_CHANGE): Result<Transition> {
    return ok({ state: { ...this.state, ...patch, revision: this.state.revision + 1 }, effects });
  }

  /** Enters `step`: new deadlines, `busy` from the step, the error cleared unless given. */
  go(step: SessionStep, patch: Partial<SessionState> = {}, effects: readonly SessionEffect[] = NO_CHANGE): Result<Transition> {
    const { nowMs, limits } = this.ctx;
    const stepTimeout = stepTimeoutMs(step, limits);
    return ok({
      state: {
        ...this.state,
        error: null,
        ...patch,
        step,
        busy: BUSY_STEPS.has(step),
        revision: this.state.revision + 1,
        idleDeadlineMs: nowMs + limits.idleTimeoutMs,
        stepDeadlineMs: stepTimeout === null ? null : nowMs + stepTimeout,
      },
      effects,
    });
  }

  /** Starts the operation of the step being entered; results must carry the returned op. */
  nextOp(): number {
    return this.state.op + 1;
  }

  fail(failure: FailureReason, extra: readonly SessionEffect[] = NO_CHANGE, patch: Partial<SessionState> = {}): Result<Transition> {
    const guidanceSlip = SLIP_TOPICS[failure] !== undefined && this.ctx.printerReady === true ? 'offered' : null;
    return this.go('failed', { failure, guidanceSlip, ...patch, op: this.nextOp() }, [{ type: 'abort' }, ...extra]);
  }

  /** Wipes the session and returns to the default language's welcome screen. */
  end(outcome: SessionOutcome, auditOutcome: string): Result<Transition> {
    const { state, ctx } = this;
    const wiped = initialSessionState(state.mode, ctx.defaultLanguage);
    const effects: SessionEffect[] = [{ type: 'abort' }];
    if (state.sessionId !== null) {
      effects.push(audit({ type: 'session.ended', outcome: auditOutcome, subjectRun: state.card?.run ?? null, detail: { step: state.step } }));
      effects.push({ type: 'session-ended', sessionId: state.sessionId, outcome });
    }
    return ok({ state: { ...wiped, revision: state.revision + 1, op: state.op + 1 }, effects });
  }
}

function stepTimeoutMs(step: SessionStep, limits: SessionLimits): number | null {
  if (step === 'card') return limits.cardTimeoutMs;
  if (step === 'finger') return limits.fingerTimeoutMs;
  if (BUSY_STEPS.has(step)) return limits.operationTimeoutMs;
  if (ENTRY_STEPS.has(step)) return limits.entryTimeoutMs;
  return null;
}

function audit(record: AuditRecordRequest): SessionEffect {
  return { type: 'audit', record };
}

function start(m: Mover, language: Language | undefined, storageFull: boolean, readiness: KioskReadiness): Result<Transition> {
  const { state, ctx } = m;
  if (state.step !== 'idle') return fail('session.already_active');
  const chosen = language ?? ctx.defaultLanguage;
  if (!ctx.languages.includes(chosen)) return fail('session.language_not_offered');
  // Refuse before anything is captured: a full disk must not cost a citizen a wasted visit halfway through.
  if (storageFull) return fail('session.storage_full');
  // Nor a session that cannot end: no reader to read the card or the finger, or (Civil Digital, which has no
  // offline path) a central already known to be down. The welcome screen says so too; this is the guard.
  if (!readiness.readers) return fail('session.out_of_service');
  if (state.mode === 'civil-digital' && !readiness.central) return fail('session.no_codes_now');
  // Central set the kiosk out of service (a signed directive), or the storage guard tripped since the last check.
  if (readiness.outOfService.reasons.length > 0) return fail('session.out_of_service');
  const sessionId = ctx.newSessionId();
  return m.go('welcome', { ...initialSessionState(state.mode, chosen), revision: state.revision, op: state.op + 1, sessionId }, [
    { type: 'session-started', sessionId },
    audit({ type: 'session.started', outcome: 'ok', subjectRun: null, detail: { mode: state.mode } }),
  ]);
}

function onEvent(m: Mover, event: SessionEvent): Result<Transition> {
  const { state, ctx } = m;
  switch (event.type) {
    case 'activity':
      return ok({ state: { ...state, revision: state.revision + 1, idleDeadlineMs: ctx.nowMs + ctx.limits.idleTimeoutMs }, effects: NO_CHANGE });
    case 'language.select':
      if (!ctx.languages.includes(event.language)) return fail('session.language_not_offered');
      return ok({
        state: { ...state, language: event.language, revision: state.revision + 1, idleDeadlineMs: ctx.nowMs + ctx.limits.idleTimeoutMs },
        effects: NO_CHANGE,
      });
    case 'finish':
      if (!FINAL_STEPS.has(state.step)) return fail('session.event_not_allowed');
      return m.end(finalOutcome(state), 'completed');
    default:
      break;
  }
  if (state.busy) return fail('session.busy');
  switch (state.step) {
    case 'welcome':
      if (event.type === 'continue') return m.go('consent');
      break;
    case 'consent':
      if (event.type === 'consent.accept') {
        const op = m.nextOp();
        return m.go('card', { op, cardReadFailures: 0 }, [{ type: 'watch-card', op }]);
      }
      if (event.type === 'consent.decline') return m.end('declined', 'declined');
      break;
    case 'card':
      if (event.type === 'run.submit') return submitRun(m, event.run);
      break;
    case 'deferred-offer':
      if (event.type === 'deferred.accept') return m.go('email', { deferred: true });
      if (event.type === 'deferred.decline') return m.end('declined', 'deferred_declined');
      break;
    case 'email':
      if (event.type === 'email.submit') {
        const email = normalizeEmail(event.email);
        if (email === null) return m.patch({ error: 'session.email_invalid' });
        if (normalizeEmail(event.confirmation) !== email) return m.patch({ error: 'session.email_mismatch' });
        return state.returnToReview ? m.go('review', { email, returnToReview: false }) : m.go('phone', { email });
      }
      if (event.type === 'back' && state.returnToReview) return m.go('review', { returnToReview: false });
      break;
    case 'phone':
      if (event.type === 'phone.submit') {
        const phone = normalizeChileanMobile(event.phone);
        if (phone === null) return m.patch({ error: 'session.phone_invalid' });
        return state.returnToReview ? m.go('review', { phone, returnToReview: false }) : m.go('password', { phone });
      }
      if (event.type === 'back') return state.returnToReview ? m.go('review', { returnToReview: false }) : m.go('email');
      break;
    case 'password':
      if (event.type === 'password.generate') return m.go('review', { passwordMethod: event.channel, password: null, passwordFailedRules: null });
      if (event.type === 'password.submit') {
        // A deferred enrollment sits on this disk until central is back: no typed password in it, even sealed.
        if (state.deferred) return m.patch({ error: 'session.password_typed_offline' });
        return m.go('review', { passwordMethod: 'typed', password: event.password, passwordFailedRules: null });
      }
      if (event.type === 'back') return m.go('phone');
      break;
    case 'finger':
      if (event.type === 'finger.choose') return chooseFinger(m, event.finger);
      break;
    case 'failed': {
      if (event.type === 'unlock-procedure.print' && state.failure === 'locked' && state.unlockSlip !== 'printing') {
        const op = m.nextOp();
        return m.patch({ op, unlockSlip: 'printing' }, [{ type: 'print-unlock-slip', op, language: state.language, liftsAtMs: state.lockLiftsAtMs }]);
      }
      const topic = state.failure === null ? undefined : SLIP_TOPICS[state.failure];
      if (event.type === 'guidance.print' && topic !== undefined && (state.guidanceSlip === 'offered' || state.guidanceSlip === 'failed')) {
        const op = m.nextOp();
        return m.patch({ op, guidanceSlip: 'printing' }, [{ type: 'print-guidance', op, topic, language: state.language }]);
      }
      break;
    }
    case 'review':
      if (event.type === 'review.confirm') return confirmReview(m);
      // Correcting one field keeps everything else, the chosen password included; nothing has been sent yet.
      if (event.type === 'review.editEmail') return m.go('email', { returnToReview: true });
      if (event.type === 'review.editPhone') return m.go('phone', { returnToReview: true });
      if (event.type === 'back') return m.go('password', { password: null });
      break;
    default:
      break;
  }
  return fail('session.event_not_allowed');
}

/**
 * Civil Digital's "Ingresar mi RUT": the typed RUN stands in for the card
 * (no serial, expiry or name), and the finger step follows as after a read.
 * ChileAtiende is card and finger only: the event is not offered there.
 */
function submitRun(m: Mover, typed: string): Result<Transition> {
  const { state } = m;
  if (state.mode !== 'civil-digital') return fail('session.event_not_allowed');
  const parsed = readRun(typed);
  if (!parsed.ok) return m.patch({ error: 'session.run_invalid' });
  // No names without a card; the password step, the only reader of passwordOwner, is ChileAtiende's anyway.
  const card: CardFacts = {
    run: parsed.run.formatted,
    runMasked: maskRun(parsed.run.formatted),
    serial: null,
    expiry: null,
    firstName: null,
    passwordOwner: { runNumber: String(parsed.run.number), nameParts: [] },
  };
  const op = m.nextOp();
  // capture-finger supersedes the card watch (the runner aborts the operation it replaces).
  return m.go('finger', { op, card, captureFailures: 0, fingerFeedback: 'waiting' }, [
    audit({ type: 'card.read', outcome: 'run_typed', subjectRun: card.run }),
    { type: 'capture-finger', op, finger: state.finger },
  ]);
}

function confirmReview(m: Mover): Result<Transition> {
  const { state, ctx } = m;
  const { card, email, phone, passwordMethod, sessionId } = state;
  if (card === null || email === null || phone === null || passwordMethod === null || sessionId === null) return fail('session.event_not_allowed');
  const op = m.nextOp();
  if (state.deferred) {
    if (passwordMethod === 'typed' || state.capture === null || !isReadCard(card)) return fail('session.event_not_allowed');
    return m.go('deferring', { op }, [
      { type: 'defer', op, sessionId, card, capture: state.capture, email, phone, generate: passwordMethod, language: state.language },
    ]);
  }
  const verification = state.verification;
  if (verification === null || verification.sessionId !== sessionId) return fail('session.verification_required');
  if (ctx.nowMs >= verification.expiresAtMs)
    return m.fail('verification_expired', [audit({ type: 'activation', outcome: 'verification_expired', subjectRun: card.run })]);
  const password = passwordMethod === 'typed' ? { typed: state.password ?? '' } : { generate: passwordMethod };
  if ('typed' in password && password.typed === '') return fail('session.event_not_allowed');
  // The typed password leaves the state as the call is made: it is not kept for a retry.
  return m.go('activating', { op, password: null }, [
    { type: 'activate', op, verificationToken: verification.token, run: card.run, email, phone, password, language: state.language },
  ]);
}

function finalOutcome(state: SessionState): SessionOutcome {
  switch (state.step) {
    case 'code-printed':
      return 'code_printed';
    case 'code-on-screen':
      return 'code_on_screen';
    case 'activated':
      return 'activated';
    case 'deferred':
      return 'deferred';
    default:
      return `failed:${state.failure ?? 'internal'}`;
  }
}

/**
 * The citizen switches finger on the hand diagram: only to a finger central
 * holds. The capture starts over for that finger; the local unreadable count
 * is per session (switching does not buy more tries) and mismatches are
 * counted by central per person, so switching resets neither.
 */
function chooseFinger(m: Mover, finger: FingerName): Result<Transition> {
  const { state } = m;
  if (state.enrolledFingers === null || !state.enrolledFingers.includes(finger)) return fail('session.finger_not_enrolled');
  if (finger === state.finger) return unchanged(state);
  const op = m.nextOp();
  return m.go('finger', { op, finger, fingerFeedback: 'waiting', capture: null }, [{ type: 'capture-finger', op, finger }]);
}

/**
 * Central's list of enrolled fingers, asked beside the first capture. When
 * the finger being asked for is not among them and the session is still
 * waiting on the reader, the capture moves to the first enrolled finger.
 */
function onEnrolledFingers(m: Mover, sessionId: string, fingers: readonly FingerName[]): Result<Transition> {
  const { state } = m;
  if (state.sessionId !== sessionId || FINAL_STEPS.has(state.step) || fingers.length === 0) return unchanged(state);
  if (state.step === 'finger' && !fingers.includes(state.finger)) {
    const op = m.nextOp();
    const finger = fingers[0]!;
    return m.go('finger', { op, finger, enrolledFingers: fingers, fingerFeedback: 'waiting', capture: null }, [{ type: 'capture-finger', op, finger }]);
  }
  return m.patch({ enrolledFingers: fingers });
}

/** Results of operations: only the one the session waits on (same op) counts. */
function onResult(m: Mover, input: Exclude<SessionInput, { type: 'start' | 'event' | 'cancel' | 'idle-timeout' | 'fingers.enrolled' }>): Result<Transition> {
  const { state } = m;
  if (state.step === 'idle' || input.op !== state.op) return unchanged(state);
  if (input.type === 'step-timeout') return onStepTimeout(m);
  switch (state.step) {
    case 'card':
      return onCardResult(m, input);
    case 'finger':
      return onFingerResult(m, input);
    case 'verifying':
      return onVerifyResult(m, input);
    case 'issuing-code':
      if (input.type === 'code.issued' && state.verification !== null && state.card !== null) {
        const op = m.nextOp();
        const code = { code: input.code, display: input.display, expiresAtMs: input.expiresAtMs };
        return m.go('printing', { op, activationCode: code }, [
          audit({ type: 'activation_code.issued', outcome: 'ok', subjectRun: state.card.run }),
          { type: 'print-receipt', op, code: input.code, expiresAtMs: input.expiresAtMs, runMasked: state.card.runMasked, language: state.language },
        ]);
      }
      if (input.type === 'code.failed')
        return m.fail(input.failure, [audit({ type: 'activation_code.issued', outcome: input.failure, subjectRun: state.card?.run ?? null })]);
      break;
    case 'printing':
      if (input.type === 'print.done')
        return m.go('code-printed', { op: m.nextOp() }, [audit({ type: 'receipt.printed', outcome: 'ok', subjectRun: state.card?.run ?? null })]);
      if (input.type === 'print.failed') {
        return m.go('code-on-screen', { op: m.nextOp(), codeOnScreen: true, error: input.code }, [
          audit({ type: 'receipt.printed', outcome: input.code, subjectRun: state.card?.run ?? null }),
        ]);
      }
      break;
    case 'activating':
      if (input.type === 'activate.done')
        return m.go('activated', { op: m.nextOp() }, [audit({ type: 'activation', outcome: 'ok', subjectRun: state.card?.run ?? null })]);
      if (input.type === 'activate.password_rejected') {
        return m.go(
          'password',
          { op: m.nextOp(), password: null, passwordMethod: null, passwordFailedRules: input.rules, error: 'session.password_rejected' },
          [audit({ type: 'activation', outcome: 'password_rejected', subjectRun: state.card?.run ?? null })],
        );
      }
      if (input.type === 'activate.failed')
        return m.fail(input.failure, [audit({ type: 'activation', outcome: input.failure, subjectRun: state.card?.run ?? null })]);
      break;
    case 'failed':
      if (input.type === 'slip.done') return m.patch({ unlockSlip: 'printed' });
      if (input.type === 'slip.failed') return m.patch({ unlockSlip: 'failed' });
      if (input.type === 'guidance.printed') return m.patch({ guidanceSlip: 'printed' });
      if (input.type === 'guidance.print_failed') return m.patch({ guidanceSlip: 'failed' });
      break;
    case 'deferring':
      if (input.type === 'defer.done') return m.go('deferred', { op: m.nextOp() });
      if (input.type === 'defer.failed') return m.fail(input.failure);
      break;
    default:
      break;
  }
  return unchanged(state);
}

function onStepTimeout(m: Mover): Result<Transition> {
  const { state } = m;
  switch (state.step) {
    case 'printing':
      // The code exists; a printer that never answered must not hide it.
      return m.go('code-on-screen', { op: m.nextOp(), codeOnScreen: true, error: 'printer.timeout' }, [
        { type: 'abort' },
        audit({ type: 'receipt.printed', outcome: 'printer.timeout', subjectRun: state.card?.run ?? null }),
      ]);
    case 'verifying':
    case 'issuing-code':
    case 'activating':
    case 'deferring':
      return m.fail(state.step === 'deferring' ? 'internal' : 'central_unavailable');
    default:
      if (FINAL_STEPS.has(state.step)) return unchanged(state);
      return m.fail('step_timeout');
  }
}

const CARD_FAILURES: Partial<Record<string, FailureReason>> = { 'card.expired': 'card_expired', device: 'device_failure' };

function onCardResult(m: Mover, input: SessionInput): Result<Transition> {
  const { state, ctx } = m;
  if (input.type === 'card.read') {
    const op = m.nextOp();
    const lookup: SessionEffect[] = state.sessionId === null ? [] : [{ type: 'lookup-fingers', sessionId: state.sessionId, card: input.card }];
    return m.go('finger', { op, card: input.card, captureFailures: 0, fingerFeedback: 'waiting' }, [
      audit({ type: 'card.read', outcome: 'ok', subjectRun: input.card.run }),
      { type: 'capture-finger', op, finger: state.finger },
      ...lookup,
    ]);
  }
  if (input.type !== 'card.failed') return unchanged(state);
  const terminal = CARD_FAILURES[input.code];
  if (terminal !== undefined) return m.fail(terminal, [audit({ type: 'card.read', outcome: input.code, subjectRun: null })]);
  const failures = state.cardReadFailures + 1;
  if (failures >= ctx.limits.maxCardReads) return m.fail('card_unreadable', [audit({ type: 'card.read', outcome: input.code, subjectRun: null })]);
  // Stay and keep watching: the citizen presents the card again.
  return m.patch({ cardReadFailures: failures, error: input.code as ErrorCode });
}

function onFingerResult(m: Mover, input: SessionInput): Result<Transition> {
  const { state, ctx } = m;
  switch (input.type) {
    case 'finger.feedback':
      return m.patch({ fingerFeedback: input.feedback });
    case 'finger.captured': {
      if (state.card === null) return m.fail('internal');
      const op = m.nextOp();
      return m.go('verifying', { op, capture: input.capture }, [{ type: 'verify', op, card: state.card, capture: input.capture }]);
    }
    case 'finger.unusable':
      return retryCapture(m, GUIDANCE_ERRORS[input.guidance], state.captureFailures + 1 >= ctx.limits.maxFingerCaptures);
    case 'finger.failed': {
      if (input.reason === 'device') return m.fail('device_failure');
      if (input.reason === 'timeout') return m.fail('step_timeout');
      return retryCapture(m, 'session.finger_low_quality', state.captureFailures + 1 >= ctx.limits.maxFingerCaptures);
    }
    default:
      return unchanged(state);
  }
}

/** Asks for the finger again (same step, new op), or gives up when the local tries are spent. */
function retryCapture(m: Mover, error: ErrorCode, exhausted: boolean, patch: Partial<SessionState> = {}): Result<Transition> {
  const { state } = m;
  if (exhausted) return m.fail('finger_unreadable');
  const op = m.nextOp();
  const finger = patch.finger ?? state.finger;
  return m.go('finger', { op, captureFailures: state.captureFailures + 1, fingerFeedback: 'waiting', capture: null, ...patch, error }, [
    { type: 'capture-finger', op, finger },
  ]);
}

function onVerifyResult(m: Mover, input: SessionInput): Result<Transition> {
  const { state, ctx } = m;
  const run = state.card?.run ?? null;
  switch (input.type) {
    case 'verify.matched': {
      if (state.sessionId === null || state.card === null) return m.fail('internal');
      const verification = { sessionId: state.sessionId, token: input.token, expiresAtMs: input.expiresAtMs };
      const verified = audit({ type: 'verification', outcome: 'matched', subjectRun: run });
      const common = { verification, attemptsLeft: input.attemptsLeft };
      if (state.mode === 'chileatiende') return m.go('email', { ...common, op: m.nextOp() }, [verified]);
      const op = m.nextOp();
      return m.go('issuing-code', { ...common, op }, [verified, { type: 'issue-code', op, verificationToken: input.token, run: state.card.run }]);
    }
    case 'verify.no_match': {
      const op = m.nextOp();
      return m.go('finger', { op, attemptsLeft: input.attemptsLeft, fingerFeedback: 'waiting', capture: null, error: 'session.no_match' }, [
        audit({ type: 'verification', outcome: 'no_match', subjectRun: run, detail: { attemptsLeft: input.attemptsLeft } }),
        { type: 'capture-finger', op, finger: state.finger },
      ]);
    }
    case 'verify.finger_not_enrolled': {
      const finger = input.enrolledFingers.find((f) => f !== state.finger) ?? input.enrolledFingers[0];
      if (finger === undefined) return m.fail('unknown_person');
      return retryCapture(m, 'session.finger_not_enrolled', false, { finger, enrolledFingers: input.enrolledFingers, captureFailures: state.captureFailures });
    }
    case 'verify.template_unusable':
      return retryCapture(m, 'session.finger_low_quality', state.captureFailures + 1 >= ctx.limits.maxFingerCaptures);
    case 'verify.image_unusable':
      return retryCapture(
        m,
        input.guidance === null ? 'session.finger_low_quality' : GUIDANCE_ERRORS[input.guidance],
        state.captureFailures + 1 >= ctx.limits.maxFingerCaptures,
      );
    case 'verify.refused': {
      const records = [audit({ type: 'verification', outcome: input.failure, subjectRun: run })];
      if (input.failure === 'locked') records.push(audit({ type: 'lockout', outcome: 'locked', subjectRun: run }));
      return m.fail(input.failure, records, input.failure === 'locked' ? { attemptsLeft: 0, lockLiftsAtMs: input.lockedUntilMs ?? null } : {});
    }
    case 'verify.unavailable':
      // Civil Digital cannot print a code it does not have; ChileAtiende can take a deferred enrollment.
      if (state.mode === 'chileatiende')
        return m.go('deferred-offer', { op: m.nextOp() }, [audit({ type: 'verification', outcome: 'central_unavailable', subjectRun: run })]);
      return m.fail('central_unavailable', [audit({ type: 'verification', outcome: 'central_unavailable', subjectRun: run })]);
    default:
      return unchanged(state);
  }
}
