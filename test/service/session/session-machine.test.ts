import { describe, expect, it } from 'vitest';
import { SessionSnapshotSchema } from '../../../electron/contract/index.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import { initialSessionState } from '../../../electron/service/session/session-state.ts';
import {
  CARD,
  context,
  drive,
  LIMITS,
  MATCHED,
  T0,
  FINGER_IMAGE,
  TO_CARD,
  TO_DEFERRED_REVIEW,
  TO_EMAIL,
  TO_FINGER,
  TO_REVIEW,
  TO_VERIFYING,
  TOKEN,
} from './machine-support.ts';

/** The kiosk's configured zone, as the snapshot carries it. */
const ZONE = 'America/Santiago';
const types = (effects: readonly { type: string }[]) => effects.map((e) => e.type);

describe('session machine: the way through', () => {
  it('Civil Digital: welcome → consent → card → finger → verifying → issuing-code → printing → code-printed', () => {
    const { state, effects } = drive('civil-digital', [
      ...TO_VERIFYING,
      MATCHED,
      { type: 'code.issued', op: -1, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 },
      { type: 'print.done', op: -1 },
    ]);
    expect(state.step).toBe('code-printed');
    expect(types(effects)).toEqual(
      [
        'session-started',
        'audit',
        'abort',
        'watch-card',
        'audit',
        'capture-finger',
        'lookup-fingers',
        'verify',
        'audit',
        'issue-code',
        'audit',
        'print-receipt',
        'audit',
      ].filter((t) => t !== 'abort'),
    );
    const snapshot = toSnapshot(state, ZONE);
    // Printed: the code is on paper, not on the screen.
    expect(snapshot.activationCode).toEqual({ display: null, expiresAt: new Date(T0 + 86_400_000).toISOString() });
    expect(drive('civil-digital', [{ type: 'finish' }], state).state.step).toBe('idle');
  });

  it('Civil Digital: a failed print shows the code on screen with the printer error', () => {
    const { state } = drive('civil-digital', [
      ...TO_VERIFYING,
      MATCHED,
      { type: 'code.issued', op: -1, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 },
      { type: 'print.failed', op: -1, code: 'printer.paper_out' },
    ]);
    expect(toSnapshot(state, ZONE)).toMatchObject({
      step: 'code-on-screen',
      activationCode: { display: 'ABCD-2345-EFGH' },
      error: { code: 'printer.paper_out' },
    });
  });

  it('Civil Digital: central unreachable at verification says so plainly', () => {
    const { state } = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.unavailable', op: -1 }]);
    expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'failed', failure: 'central_unavailable' });
  });

  it('ChileAtiende: email → phone → password → review → activating → activated, the contact masked', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    expect(toSnapshot(review, ZONE)).toMatchObject({
      step: 'review',
      contact: { email: 'p***@example.cl', phone: '+56 9 **** **78', passwordMethod: 'email' },
    });
    const { state, effects } = drive('chileatiende', [{ type: 'review.confirm' }, { type: 'activate.done', op: -1 }], review);
    expect(state.step).toBe('activated');
    expect(effects.find((e) => e.type === 'activate')).toMatchObject({
      verificationToken: TOKEN,
      email: 'persona.sintetica@example.cl',
      phone: '+56912345678',
      password: { generate: 'email' },
    });
  });

  it('ChileAtiende: a typed password goes to central once and is dropped from the state', () => {
    const { state, effects } = drive('chileatiende', [
      ...TO_EMAIL,
      { type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' },
      { type: 'phone.submit', phone: '912345678' },
      { type: 'password.submit', password: 'synthetic passphrase 42' },
      { type: 'review.confirm' },
    ]);
    expect(state.step).toBe('activating');
    expect(state.password).toBeNull();
    expect(effects.find((e) => e.type === 'activate')).toMatchObject({ password: { typed: 'synthetic passphrase 42' } });
    expect(JSON.stringify(toSnapshot(state, ZONE))).not.toContain('synthetic passphrase');
  });

  it('ChileAtiende: a rejected password returns to the password step with the broken rules', () => {
    const { state } = drive('chileatiende', [
      ...TO_EMAIL,
      { type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' },
      { type: 'phone.submit', phone: '912345678' },
      { type: 'password.submit', password: 'short' },
      { type: 'review.confirm' },
      { type: 'activate.password_rejected', op: -1, rules: ['min_length', 'not_common'] },
    ]);
    expect(toSnapshot(state, ZONE)).toMatchObject({
      step: 'password',
      error: { code: 'session.password_rejected' },
      passwordFailedRules: ['min_length', 'not_common'],
    });
  });

  it('ChileAtiende offline: deferred offer → data → deferring → deferred, with a generated password only', () => {
    const offer = drive('chileatiende', [...TO_VERIFYING, { type: 'verify.unavailable', op: -1 }]).state;
    expect(offer.step).toBe('deferred-offer');
    const typed = drive('chileatiende', TO_DEFERRED_REVIEW.slice(0, -1).slice(TO_VERIFYING.length + 1), offer).state;
    const refused = transition(typed, { type: 'event', event: { type: 'password.submit', password: 'typed offline' } }, context());
    expect(refused.ok && toSnapshot(refused.value.state, ZONE).error?.code).toBe('session.password_typed_offline');
    const { state, effects } = drive('chileatiende', [...TO_DEFERRED_REVIEW, { type: 'review.confirm' }]);
    expect(state.step).toBe('deferring');
    expect(effects.find((e) => e.type === 'defer')).toMatchObject({
      card: CARD,
      capture: { fingerImage: FINGER_IMAGE },
      generate: 'sms',
      phone: '+56912345678',
    });
    expect(effects.some((e) => e.type === 'activate' || e.type === 'issue-code')).toBe(false);
    expect(toSnapshot(drive('chileatiende', [{ type: 'defer.done', op: -1 }], state).state, ZONE)).toMatchObject({ step: 'deferred', deferred: true });
  });
});

describe('session machine: failure steps', () => {
  it.each([['card_blocked'], ['card_not_current'], ['unknown_person'], ['under_age'], ['already_enrolled']] as const)(
    'a refusal %s from central ends in its failure screen',
    (failure) => {
      const { state } = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.refused', op: -1, failure }]);
      expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'failed', failure });
    },
  );

  it('locks after central says so, with a lockout audit record', () => {
    const { state, effects } = drive('chileatiende', [...TO_VERIFYING, { type: 'verify.refused', op: -1, failure: 'locked' }]);
    expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'failed', failure: 'locked' });
    expect(effects.filter((e) => e.type === 'audit').map((e) => e.type === 'audit' && e.record.type)).toContain('lockout');
  });

  it('no match with attempts left asks for the finger again and says how many are left', () => {
    const { state, effects } = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.no_match', op: -1, attemptsLeft: 2 }]);
    expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'finger', error: { code: 'session.no_match' }, finger: { attemptsLeft: 2, feedback: 'waiting' } });
    expect(effects.at(-1)).toMatchObject({ type: 'capture-finger', op: state.op });
  });

  it('a finger that is not enrolled switches to one that is', () => {
    const { state } = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.finger_not_enrolled', op: -1, enrolledFingers: ['left-thumb'] }]);
    expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'finger', finger: { name: 'left-thumb' }, error: { code: 'session.finger_not_enrolled' } });
  });

  it('asks central for the enrolled fingers beside the first capture, and offers them', () => {
    const { state, effects } = drive('civil-digital', TO_FINGER);
    expect(effects.find((e) => e.type === 'lookup-fingers')).toMatchObject({ sessionId: state.sessionId, card: CARD });
    expect(toSnapshot(state, ZONE).finger).toMatchObject({ name: 'right-index', enrolled: [] });
    const known = drive(
      'civil-digital',
      [{ type: 'fingers.enrolled', sessionId: state.sessionId!, fingers: ['right-thumb', 'right-index', 'left-index'] }],
      state,
    );
    expect(toSnapshot(known.state, ZONE).finger).toMatchObject({ name: 'right-index', enrolled: ['right-thumb', 'right-index', 'left-index'] });
    // The capture in progress goes on: the right index is enrolled.
    expect(known.effects).toEqual([]);
  });

  it('moves the capture to an enrolled finger when the right index is not one, and ignores the answer of another session', () => {
    const { state } = drive('civil-digital', TO_FINGER);
    const moved = drive('civil-digital', [{ type: 'fingers.enrolled', sessionId: state.sessionId!, fingers: ['left-thumb', 'left-index'] }], state);
    expect(moved.state.finger).toBe('left-thumb');
    expect(moved.effects).toEqual([{ type: 'capture-finger', op: moved.state.op, finger: 'left-thumb' }]);
    const stale = drive('civil-digital', [{ type: 'fingers.enrolled', sessionId: 'another-session', fingers: ['left-thumb'] }], state);
    expect(stale.state).toBe(state);
  });

  it('the citizen chooses another enrolled finger: a new capture of that finger, the same attempts and failures', () => {
    let { state } = drive('civil-digital', [
      ...TO_VERIFYING,
      { type: 'verify.no_match', op: -1, attemptsLeft: 2 },
      { type: 'finger.failed', op: -1, reason: 'low_quality' },
    ]);
    state = drive('civil-digital', [{ type: 'fingers.enrolled', sessionId: state.sessionId!, fingers: ['right-index', 'left-index'] }], state).state;
    const before = state;
    const chosen = drive('civil-digital', [{ type: 'finger.choose', finger: 'left-index' }], state);
    expect(chosen.state).toMatchObject({ step: 'finger', finger: 'left-index', attemptsLeft: 2, captureFailures: before.captureFailures, error: null });
    expect(chosen.state.op).toBe(before.op + 1);
    expect(chosen.effects).toEqual([{ type: 'capture-finger', op: chosen.state.op, finger: 'left-index' }]);
    // A result of the abandoned capture changes nothing.
    const late = drive(
      'civil-digital',
      [{ type: 'finger.captured', op: before.op, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } }],
      chosen.state,
    );
    expect(late.state).toBe(chosen.state);
    // The capture of the chosen finger is what is verified.
    const verified = drive('civil-digital', [{ type: 'finger.captured', op: -1, capture: { finger: 'left-index', fingerImage: FINGER_IMAGE } }], chosen.state);
    expect(verified.effects.at(-1)).toMatchObject({ type: 'verify', capture: { finger: 'left-index' } });
  });

  it('refuses a finger central did not list, and any choice before central said', () => {
    const { state } = drive('civil-digital', TO_FINGER);
    expect(transition(state, { type: 'event', event: { type: 'finger.choose', finger: 'left-index' } }, context())).toMatchObject({
      ok: false,
      error: { code: 'session.finger_not_enrolled' },
    });
    const known = drive('civil-digital', [{ type: 'fingers.enrolled', sessionId: state.sessionId!, fingers: ['right-index', 'left-index'] }], state).state;
    expect(transition(known, { type: 'event', event: { type: 'finger.choose', finger: 'right-ring' } }, context())).toMatchObject({
      ok: false,
      error: { code: 'session.finger_not_enrolled' },
    });
  });

  it('switching fingers does not buy more local tries: the unreadable count is per session', () => {
    let { state } = drive('civil-digital', TO_FINGER);
    state = drive('civil-digital', [{ type: 'fingers.enrolled', sessionId: state.sessionId!, fingers: ['right-index', 'left-index'] }], state).state;
    for (let i = 1; i < LIMITS.maxFingerCaptures; i++) {
      const finger = i % 2 === 0 ? 'right-index' : 'left-index';
      state = drive(
        'civil-digital',
        [
          { type: 'finger.choose', finger },
          { type: 'finger.failed', op: -1, reason: 'low_quality' },
        ],
        state,
      ).state;
    }
    expect(
      drive(
        'civil-digital',
        [
          { type: 'finger.choose', finger: 'right-index' },
          { type: 'finger.failed', op: -1, reason: 'low_quality' },
        ],
        state,
      ).state.failure,
    ).toBe('finger_unreadable');
  });

  it('an unreadable finger offers printed directions when the printer is ready, and prints them on request', () => {
    let state = drive('civil-digital', TO_FINGER).state;
    const failOnce = (s: typeof state, printerReady: boolean) => {
      const result = transition(s, { type: 'finger.failed', op: s.op, reason: 'low_quality' }, { ...context(), printerReady });
      if (!result.ok) throw new Error(result.error.code);
      return result.value.state;
    };
    for (let i = 1; i < LIMITS.maxFingerCaptures; i++) state = failOnce(state, true);
    const failed = failOnce(state, true);
    expect(toSnapshot(failed, ZONE)).toMatchObject({ step: 'failed', failure: 'finger_unreadable', guidanceSlip: 'offered' });
    const printing = drive('civil-digital', [{ type: 'guidance.print' }], failed);
    expect(printing.state.guidanceSlip).toBe('printing');
    expect(printing.effects).toEqual([{ type: 'print-guidance', op: printing.state.op, topic: 'finger_unreadable', language: 'en' }]);
    expect(drive('civil-digital', [{ type: 'guidance.printed', op: -1 }], printing.state).state.guidanceSlip).toBe('printed');
    const jammed = drive('civil-digital', [{ type: 'guidance.print_failed', op: -1, code: 'printer.paper_out' }], printing.state).state;
    expect(toSnapshot(jammed, ZONE).guidanceSlip).toBe('failed');
    // A failed print may be tried again.
    expect(drive('civil-digital', [{ type: 'guidance.print' }], jammed).state.guidanceSlip).toBe('printing');
    // Without a ready printer nothing is offered, and a print request is refused.
    const noPrinter = failOnce(state, false);
    expect(toSnapshot(noPrinter, ZONE).guidanceSlip).toBeNull();
    expect(transition(noPrinter, { type: 'event', event: { type: 'guidance.print' } }, context())).toMatchObject({ ok: false });
  });

  it('offers no slip on failures that have none', () => {
    const state = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.refused', op: -1, failure: 'card_blocked' }]).state;
    expect(state.guidanceSlip).toBeNull();
  });

  it('an expired card ends at once; an unreadable one gets its tries, then ends', () => {
    expect(drive('civil-digital', [...TO_CARD, { type: 'card.failed', op: -1, code: 'card.expired' }]).state.failure).toBe('card_expired');
    const once = drive('civil-digital', [...TO_CARD, { type: 'card.failed', op: -1, code: 'card.unreadable' }]).state;
    expect(toSnapshot(once, ZONE)).toMatchObject({ step: 'card', error: { code: 'card.unreadable' } });
    const spent = drive(
      'civil-digital',
      Array.from({ length: LIMITS.maxCardReads - 1 }, () => ({ type: 'card.failed', op: -1, code: 'card.unreadable' }) as const),
      once,
    ).state;
    expect(spent.failure).toBe('card_unreadable');
  });

  it('poor captures are retried up to the limit, then the finger is unreadable', () => {
    let state = drive('civil-digital', TO_FINGER).state;
    for (let i = 1; i < LIMITS.maxFingerCaptures; i++) {
      state = drive('civil-digital', [{ type: 'finger.failed', op: -1, reason: 'low_quality' }], state).state;
      expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'finger', error: { code: 'session.finger_low_quality' } });
    }
    expect(drive('civil-digital', [{ type: 'finger.failed', op: -1, reason: 'low_quality' }], state).state.failure).toBe('finger_unreadable');
  });

  it('a device that fails mid-step ends in device_failure', () => {
    expect(drive('civil-digital', [...TO_FINGER, { type: 'finger.failed', op: -1, reason: 'device' }]).state.failure).toBe('device_failure');
    expect(drive('civil-digital', [...TO_CARD, { type: 'card.failed', op: -1, code: 'device' }]).state.failure).toBe('device_failure');
  });

  it('a step that times out ends the wait; a print that times out shows the code', () => {
    expect(drive('civil-digital', [...TO_CARD, { type: 'step-timeout', op: -1 }]).state.failure).toBe('step_timeout');
    expect(drive('civil-digital', [...TO_VERIFYING, { type: 'step-timeout', op: -1 }]).state.failure).toBe('central_unavailable');
    const printing = drive('civil-digital', [
      ...TO_VERIFYING,
      MATCHED,
      { type: 'code.issued', op: -1, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 },
      { type: 'step-timeout', op: -1 },
    ]).state;
    expect(toSnapshot(printing, ZONE)).toMatchObject({ step: 'code-on-screen', activationCode: { display: 'ABCD-2345-EFGH' } });
  });

  it('an expired verification is not spent', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    const late = transition(review, { type: 'event', event: { type: 'review.confirm' } }, context(T0 + 600_000));
    expect(late.ok && late.value.state.failure).toBe('verification_expired');
    expect(late.ok && late.value.effects.some((e) => e.type === 'activate')).toBe(false);
  });

  it('refuses to start when storage is full, before anything is captured', () => {
    const r = transition(initialSessionState('chileatiende', 'es-CL'), { type: 'start', language: undefined, storageFull: true }, context());
    expect(r).toMatchObject({ ok: false, error: { code: 'session.storage_full' } });
  });
});

describe('session machine: control', () => {
  it('drops results of an operation the session has moved on from', () => {
    const finger = drive('civil-digital', TO_FINGER).state;
    const stale = transition(finger, { type: 'card.read', op: finger.op - 1, card: CARD }, context());
    expect(stale.ok && stale.value.state).toBe(finger);
  });

  it('cancel wipes from every step that is not submitting, back to Spanish; refuses while busy', () => {
    const card = drive('civil-digital', TO_CARD).state;
    const cancelled = transition(card, { type: 'cancel' }, context());
    expect(cancelled.ok && cancelled.value.state).toMatchObject({ step: 'idle', language: 'es-CL', card: null, sessionId: null });
    expect(cancelled.ok && types(cancelled.value.effects)).toEqual(['abort', 'audit', 'session-ended']);
    const verifying = drive('civil-digital', TO_VERIFYING).state;
    expect(transition(verifying, { type: 'cancel' }, context())).toMatchObject({ ok: false, error: { code: 'session.busy' } });
  });

  it('the idle timeout wipes everything, but waits while an operation is in flight', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    const wiped = transition(review, { type: 'idle-timeout' }, context());
    expect(wiped.ok && wiped.value.state).toEqual({ ...initialSessionState('chileatiende', 'es-CL'), revision: review.revision + 1, op: review.op + 1 });
    const verifying = drive('civil-digital', TO_VERIFYING).state;
    const postponed = transition(verifying, { type: 'idle-timeout' }, context(T0 + 1000));
    expect(postponed.ok && postponed.value.state).toMatchObject({ step: 'verifying', idleDeadlineMs: T0 + 1000 + LIMITS.idleTimeoutMs });
  });

  it('validates contact data in the service', () => {
    const email = drive('chileatiende', TO_EMAIL).state;
    const bad = (event: Parameters<typeof drive>[1][number]) => drive('chileatiende', [event], email).state.error;
    expect(bad({ type: 'email.submit', email: 'not-an-address', confirmation: 'not-an-address' })).toBe('session.email_invalid');
    expect(bad({ type: 'email.submit', email: 'a@example.cl', confirmation: 'b@example.cl' })).toBe('session.email_mismatch');
    const phone = drive('chileatiende', [{ type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' }], email).state;
    expect(drive('chileatiende', [{ type: 'phone.submit', phone: '2 2345 6789' }], phone).state.error).toBe('session.phone_invalid');
  });

  it('carries what the password rules need of the citizen (RUN number, folded names) on the password step only', () => {
    const toPassword = TO_REVIEW.slice(0, TO_EMAIL.length + 2);
    const onPassword = toSnapshot(drive('chileatiende', toPassword).state, ZONE);
    expect(onPassword.step).toBe('password');
    expect(onPassword.passwordOwner).toEqual({ runNumber: CARD.passwordOwner.runNumber, nameParts: [...CARD.passwordOwner.nameParts] });
    expect(onPassword.passwordOwner!.runNumber).toBe(CARD.run.split('-')[0]!.replaceAll('.', ''));
    for (const path of [TO_CARD, TO_FINGER, TO_EMAIL, TO_REVIEW]) expect(toSnapshot(drive('chileatiende', path).state, ZONE).passwordOwner).toBeNull();
  });

  it('snapshots satisfy the contract and carry no token, template, full RUN or contact data (but the review step’s read-back)', () => {
    const all = [TO_CARD, TO_FINGER, TO_VERIFYING, TO_EMAIL, TO_REVIEW];
    for (const path of all) {
      const snapshot = toSnapshot(drive('chileatiende', path).state, ZONE);
      expect(SessionSnapshotSchema.parse(snapshot)).toEqual(snapshot);
      const { review, ...rest } = snapshot;
      expect(review === null).toBe(snapshot.step !== 'review');
      const text = JSON.stringify(rest);
      for (const secret of [TOKEN, FINGER_IMAGE, CARD.run, CARD.serial, 'persona.sintetica', '12345678']) expect(text).not.toContain(secret);
    }
  });
});
