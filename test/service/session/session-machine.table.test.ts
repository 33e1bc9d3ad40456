/**
 * Every (step × input) pair has a defined outcome: the machine either moves
 * (to a state whose snapshot satisfies the contract) or refuses with a code
 * from the contract's catalogue. Nothing throws, nothing is left undefined.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type KioskMode, SESSION_STEPS, SessionSnapshotSchema, type SessionStep } from '../../../electron/contract/index.ts';
import type { SessionInput } from '../../../electron/service/session/session-inputs.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import type { SessionState } from '../../../electron/service/session/session-state.ts';
import {
  CARD,
  context,
  drive,
  MATCHED,
  T0,
  FINGER_IMAGE,
  TO_CARD,
  TO_DEFERRED_REVIEW,
  TO_EMAIL,
  TO_FINGER,
  TO_REVIEW,
  TO_VERIFYING,
} from './machine-support.ts';

const CODE = { type: 'code.issued', op: -1, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 } as const;

/** A way to reach each step, per mode (steps a mode never visits are absent). */
function reach(mode: KioskMode): Partial<Record<SessionStep, SessionState>> {
  const at = (path: Parameters<typeof drive>[1]) => drive(mode, path).state;
  const common = {
    idle: at([]),
    welcome: at(TO_CARD.slice(0, 1)),
    consent: at(TO_CARD.slice(0, 2)),
    card: at(TO_CARD),
    finger: at(TO_FINGER),
    verifying: at(TO_VERIFYING),
    failed: at([...TO_VERIFYING, { type: 'verify.refused', op: -1, failure: 'locked' }]),
  };
  if (mode === 'civil-digital') {
    return {
      ...common,
      'issuing-code': at([...TO_VERIFYING, MATCHED]),
      printing: at([...TO_VERIFYING, MATCHED, CODE]),
      'code-printed': at([...TO_VERIFYING, MATCHED, CODE, { type: 'print.done', op: -1 }]),
      'code-on-screen': at([...TO_VERIFYING, MATCHED, CODE, { type: 'print.failed', op: -1, code: 'printer.paper_out' }]),
    };
  }
  return {
    ...common,
    email: at(TO_EMAIL),
    phone: at(TO_REVIEW.slice(0, -2)),
    password: at(TO_REVIEW.slice(0, -1)),
    review: at(TO_REVIEW),
    activating: at([...TO_REVIEW, { type: 'review.confirm' }]),
    activated: at([...TO_REVIEW, { type: 'review.confirm' }, { type: 'activate.done', op: -1 }]),
    'deferred-offer': at([...TO_VERIFYING, { type: 'verify.unavailable', op: -1 }]),
    deferring: at([...TO_DEFERRED_REVIEW, { type: 'review.confirm' }]),
    deferred: at([...TO_DEFERRED_REVIEW, { type: 'review.confirm' }, { type: 'defer.done', op: -1 }]),
  };
}

/** One of every input the machine can receive; results get the op the state waits on. */
function inputs(state: SessionState): SessionInput[] {
  const op = state.op;
  const event = (e: Extract<SessionInput, { type: 'event' }>['event']): SessionInput => ({ type: 'event', event: e });
  return [
    { type: 'start', language: 'en', storageFull: false },
    { type: 'start', language: undefined, storageFull: true },
    { type: 'cancel' },
    { type: 'idle-timeout' },
    { type: 'step-timeout', op },
    event({ type: 'language.select', language: 'ht' }),
    event({ type: 'activity' }),
    event({ type: 'continue' }),
    event({ type: 'consent.accept' }),
    event({ type: 'consent.decline' }),
    event({ type: 'run.submit', run: '15.234.871-1' }),
    event({ type: 'run.submit', run: '15.234.871-2' }),
    event({ type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' }),
    event({ type: 'phone.submit', phone: '912345678' }),
    event({ type: 'password.generate', channel: 'sms' }),
    event({ type: 'password.submit', password: 'synthetic pass phrase' }),
    event({ type: 'review.confirm' }),
    event({ type: 'review.editEmail' }),
    event({ type: 'review.editPhone' }),
    event({ type: 'back' }),
    event({ type: 'deferred.accept' }),
    event({ type: 'deferred.decline' }),
    event({ type: 'finish' }),
    { type: 'card.read', op, card: CARD },
    { type: 'card.failed', op, code: 'card.unreadable' },
    { type: 'card.failed', op, code: 'device' },
    { type: 'finger.feedback', op, feedback: 'detected' },
    { type: 'finger.captured', op, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } },
    { type: 'finger.failed', op, reason: 'low_quality' },
    { type: 'verify.matched', op, token: 'B'.repeat(43), expiresAtMs: T0 + 600_000, attemptsLeft: 3 },
    { type: 'verify.no_match', op, attemptsLeft: 1 },
    { type: 'verify.finger_not_enrolled', op, enrolledFingers: ['left-index'] },
    { type: 'verify.template_unusable', op },
    { type: 'verify.refused', op, failure: 'under_age' },
    { type: 'verify.unavailable', op },
    { ...CODE, op },
    { type: 'code.failed', op, failure: 'central_unavailable' },
    { type: 'print.done', op },
    { type: 'print.failed', op, code: 'printer.cover_open' },
    { type: 'activate.done', op },
    { type: 'activate.password_rejected', op, rules: ['not_common'] },
    { type: 'activate.failed', op, failure: 'already_enrolled' },
    { type: 'defer.done', op },
    { type: 'defer.failed', op, failure: 'storage_full' },
  ];
}

describe.each(['civil-digital', 'chileatiende'] as const)('every (step, input) pair in %s mode', (mode) => {
  const states = reach(mode);

  it('reaches every step of the mode', () => {
    const expected = SESSION_STEPS.filter((s) =>
      mode === 'civil-digital'
        ? !['email', 'phone', 'password', 'review', 'activating', 'activated', 'deferred-offer', 'deferring', 'deferred'].includes(s)
        : !['issuing-code', 'printing', 'code-printed', 'code-on-screen'].includes(s),
    );
    expect(Object.keys(states).sort()).toEqual([...expected].sort());
    for (const [step, state] of Object.entries(states)) expect(state.step).toBe(step);
  });

  it.each(Object.keys(states))('from %s: moves to a valid state or refuses with a catalogued code', (step) => {
    const state = states[step as SessionStep]!;
    for (const input of inputs(state)) {
      const result = transition(state, input, context(T0 + 1000));
      if (!result.ok) {
        expect(Object.hasOwn(ERROR_CATALOGUE, result.error.code), `${step} × ${input.type}`).toBe(true);
        continue;
      }
      const snapshot = toSnapshot(result.value.state, 'America/Santiago');
      expect(SessionSnapshotSchema.safeParse(snapshot).success, `${step} × ${input.type}`).toBe(true);
      expect(result.value.state.revision).toBeGreaterThanOrEqual(state.revision);
      // A result for an op the session does not wait on never moves it.
      if ('op' in input && input.type !== 'step-timeout') {
        const stale = transition(state, { ...input, op: state.op + 7 } as SessionInput, context(T0 + 1000));
        expect(stale.ok && stale.value.state, `${step} × stale ${input.type}`).toBe(state);
      }
    }
  });
});
