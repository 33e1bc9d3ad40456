import {
  KIOSK_READY,
  type KioskError,
  kioskError,
  type KioskReadiness,
  PASSWORD_NAME_PART_MAX,
  PASSWORD_NAME_PARTS_MAX,
  type SessionSnapshot,
} from '../../contract/index.ts';
import { maskEmail, maskPhone } from './contact-rules.ts';
import { PLANNED_STEPS } from './session-machine.ts';
import type { SessionState } from './session-state.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * What the renderer may see of the session: the step, masked display data
 * and errors — never the verification token, the template, the full RUN,
 * the contact data unmasked (except on the review step, where the citizen
 * reads it back before confirming), the typed password or (unless it must be
 * shown because the receipt failed) the activation code.
 */
export function toSnapshot(state: SessionState, timeZone: string, readiness: KioskReadiness = KIOSK_READY): SessionSnapshot {
  const planned = PLANNED_STEPS[state.mode];
  const index = planned.indexOf(state.step);
  const current = state.step === 'idle' ? 0 : index >= 0 ? index + 1 : progressOffPlan(state, planned.length);
  const error: KioskError | null = state.error === null ? null : kioskError(state.error);
  const showsContact = state.mode === 'chileatiende' && (state.email !== null || state.phone !== null || state.passwordMethod !== null);
  return {
    revision: state.revision,
    sessionId: state.sessionId,
    step: state.step,
    mode: state.mode,
    language: state.language,
    timeZone,
    idleDeadline: iso(state.idleDeadlineMs),
    stepDeadline: iso(state.stepDeadlineMs),
    busy: state.busy,
    progress: { current, total: planned.length },
    error,
    deferred: state.deferred,
    failure: state.step === 'failed' ? (state.failure ?? 'internal') : null,
    citizen: state.card === null ? null : { firstName: state.card.firstName, runMasked: state.card.runMasked },
    finger:
      state.step === 'finger' || state.step === 'verifying' || (state.step === 'failed' && state.attemptsLeft !== null)
        ? { name: state.finger, feedback: state.fingerFeedback, attemptsLeft: state.attemptsLeft, enrolled: [...(state.enrolledFingers ?? [])] }
        : null,
    contact: showsContact
      ? {
          email: state.email === null ? null : maskEmail(state.email),
          phone: state.phone === null ? null : maskPhone(state.phone),
          passwordMethod: state.passwordMethod,
        }
      : null,
    guidanceSlip: state.step === 'failed' ? state.guidanceSlip : null,
    // Read back in full on the review step only; every other step shows them masked.
    review: state.step === 'review' && state.email !== null && state.phone !== null ? { email: state.email, phone: state.phone } : null,
    editingFromReview: state.returnToReview && (state.step === 'email' || state.step === 'phone'),
    passwordFailedRules: state.passwordFailedRules === null ? null : [...state.passwordFailedRules],
    // Only while a password can be typed: the renderer holds the names and RUN no longer than it needs them.
    passwordOwner:
      state.step === 'password' && !state.deferred && state.card !== null
        ? {
            runNumber: state.card.passwordOwner.runNumber,
            nameParts: state.card.passwordOwner.nameParts.filter((part) => part.length <= PASSWORD_NAME_PART_MAX).slice(0, PASSWORD_NAME_PARTS_MAX),
          }
        : null,
    activationCode:
      state.activationCode === null || (state.step !== 'code-printed' && state.step !== 'code-on-screen')
        ? null
        : { display: state.codeOnScreen ? state.activationCode.display : null, expiresAt: new Date(state.activationCode.expiresAtMs).toISOString() },
    readiness: { ...readiness },
    lock: state.step === 'failed' && state.failure === 'locked' ? { liftsAt: iso(state.lockLiftsAtMs), slip: state.unlockSlip } : null,
  };
}

/** Steps off the mode's main path (failure, code on screen, the offline branch) count as the end of the bar or where they branch. */
function progressOffPlan(state: SessionState, total: number): number {
  switch (state.step) {
    case 'code-on-screen':
    case 'deferred':
      return total;
    case 'deferred-offer':
      return 5;
    case 'deferring':
      return total - 1;
    case 'failed':
      // A failure is not a step of the way: no "step 1 of 8" on it.
      return 0;
    default:
      return Math.min(total, 1);
  }
}
