/**
 * No sequence of inputs — renderer events in any order, forged or stale
 * results, timeouts, cancels — reaches "code issued" or "activate" without a
 * successful verification in the same session; snapshots never carry the
 * token, the template or the full RUN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, SessionSnapshotSchema } from '../../../electron/contract/index.ts';
import type { SessionInput } from '../../../electron/service/session/session-inputs.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import { initialSessionState, type SessionState } from '../../../electron/service/session/session-state.ts';
import { CARD, context, T0, FINGER_IMAGE } from './machine-support.ts';

const TOKEN = 'T'.repeat(43);

/** An input; results get an op relative to the state's (0 = the one it waits on). */
type Candidate = { readonly opDelta: number; readonly make: (op: number) => SessionInput };

const eventArb = fc.constantFrom<Candidate['make']>(
  () => ({ type: 'event', event: { type: 'continue' } }),
  () => ({ type: 'event', event: { type: 'consent.accept' } }),
  () => ({ type: 'event', event: { type: 'consent.decline' } }),
  () => ({ type: 'event', event: { type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' } }),
  () => ({ type: 'event', event: { type: 'phone.submit', phone: '912345678' } }),
  () => ({ type: 'event', event: { type: 'password.generate', channel: 'email' } }),
  () => ({ type: 'event', event: { type: 'password.submit', password: 'synthetic pass phrase' } }),
  () => ({ type: 'event', event: { type: 'review.confirm' } }),
  () => ({ type: 'event', event: { type: 'review.editEmail' } }),
  () => ({ type: 'event', event: { type: 'review.editPhone' } }),
  () => ({ type: 'event', event: { type: 'back' } }),
  () => ({ type: 'event', event: { type: 'deferred.accept' } }),
  () => ({ type: 'event', event: { type: 'finish' } }),
  () => ({ type: 'event', event: { type: 'activity' } }),
  () => ({ type: 'start', language: undefined, storageFull: false }),
  () => ({ type: 'cancel' }),
  () => ({ type: 'idle-timeout' }),
);

const resultArb = fc.constantFrom<Candidate['make']>(
  (op) => ({ type: 'step-timeout', op }),
  (op) => ({ type: 'card.read', op, card: CARD }),
  (op) => ({ type: 'card.failed', op, code: 'card.unreadable' }),
  (op) => ({ type: 'finger.captured', op, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } }),
  (op) => ({ type: 'finger.failed', op, reason: 'low_quality' }),
  (op) => ({ type: 'verify.matched', op, token: TOKEN, expiresAtMs: T0 + 3_600_000, attemptsLeft: 3 }),
  (op) => ({ type: 'verify.no_match', op, attemptsLeft: 1 }),
  (op) => ({ type: 'verify.unavailable', op }),
  (op) => ({ type: 'verify.refused', op, failure: 'locked' }),
  (op) => ({ type: 'code.issued', op, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 }),
  (op) => ({ type: 'code.failed', op, failure: 'central_unavailable' }),
  (op) => ({ type: 'print.done', op }),
  (op) => ({ type: 'print.failed', op, code: 'printer.paper_out' }),
  (op) => ({ type: 'activate.done', op }),
  (op) => ({ type: 'activate.password_rejected', op, rules: ['min_length'] }),
  (op) => ({ type: 'defer.done', op }),
);

const candidateArb: fc.Arbitrary<Candidate> = fc.oneof(
  eventArb.map((make) => ({ opDelta: 0, make })),
  fc.record({ opDelta: fc.integer({ min: -2, max: 2 }), make: resultArb }),
);

/**
 * Both modes' way through, in order. Random sequences alone almost never get
 * past the card, so a sequence is mostly "the next step of the way" with
 * noise (any input, forged and stale results) woven in.
 */
const WAY_THROUGH: readonly Candidate['make'][] = [
  () => ({ type: 'start', language: undefined, storageFull: false }),
  () => ({ type: 'event', event: { type: 'continue' } }),
  () => ({ type: 'event', event: { type: 'consent.accept' } }),
  (op) => ({ type: 'card.read', op, card: CARD }),
  (op) => ({ type: 'finger.captured', op, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } }),
  (op) => ({ type: 'verify.matched', op, token: TOKEN, expiresAtMs: T0 + 3_600_000, attemptsLeft: 3 }),
  (op) => ({ type: 'code.issued', op, code: 'ABCD2345EFGH', display: 'ABCD-2345-EFGH', expiresAtMs: T0 + 86_400_000 }),
  () => ({ type: 'event', event: { type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' } }),
  () => ({ type: 'event', event: { type: 'phone.submit', phone: '912345678' } }),
  () => ({ type: 'event', event: { type: 'password.submit', password: 'synthetic pass phrase' } }),
  () => ({ type: 'event', event: { type: 'review.confirm' } }),
];
const NEXT_STEP = 'next' as const;
const sequenceArb = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(NEXT_STEP) }, { weight: 1, arbitrary: candidateArb }), { maxLength: 60 });

/** Turns a drawn sequence into candidates, walking WAY_THROUGH for each "next". */
function* play(sequence: readonly (Candidate | typeof NEXT_STEP)[]): Generator<Candidate> {
  let next = 0;
  for (const item of sequence) {
    if (item !== NEXT_STEP) yield item;
    else yield { opDelta: 0, make: WAY_THROUGH[next++ % WAY_THROUGH.length]! };
  }
}

describe('session machine invariants', () => {
  it('never issues a code or activates without a verification matched in this session', () => {
    let spent = 0;
    fc.assert(
      fc.property(fc.constantFrom('civil-digital', 'chileatiende' as const), sequenceArb, (mode, sequence) => {
        let state: SessionState = initialSessionState(mode, 'es-CL');
        // The model: did a verify.matched answer the verification this session was waiting for?
        let verifiedSession: string | null = null;
        let t = T0;
        for (const candidate of play(sequence)) {
          t += 1000;
          const input = candidate.make(state.op + candidate.opDelta);
          const before = state;
          const result = transition(state, input, context(t));
          if (!result.ok) continue;
          state = result.value.state;
          if (input.type === 'verify.matched' && before.step === 'verifying' && input.op === before.op) verifiedSession = before.sessionId;
          if (state.sessionId !== before.sessionId) verifiedSession = null;
          for (const effect of result.value.effects) {
            if (effect.type === 'issue-code' || effect.type === 'activate') {
              spent += 1;
              expect(verifiedSession).not.toBeNull();
              expect(verifiedSession).toBe(state.sessionId);
              expect(state.verification?.sessionId).toBe(state.sessionId);
              expect(effect.verificationToken).toBe(TOKEN);
            }
          }
          if (state.step === 'issuing-code' || state.step === 'activating') expect(state.verification).not.toBeNull();
          const snapshot = toSnapshot(state, 'America/Santiago');
          expect(SessionSnapshotSchema.safeParse(snapshot).success).toBe(true);
          const text = JSON.stringify(snapshot);
          for (const secret of [TOKEN, FINGER_IMAGE, CARD.run, 'synthetic pass phrase']) expect(text).not.toContain(secret);
          // The contact in full only where the citizen reads it back before confirming.
          if (snapshot.step !== 'review') for (const contact of ['a@example.cl', '912345678']) expect(text).not.toContain(contact);
          if (snapshot.failure !== null) expect(FAILURE_REASONS).toContain(snapshot.failure);
        }
      }),
      { numRuns: 3000 },
    );
    // The property must have been exercised, not vacuously true.
    expect(spent).toBeGreaterThan(10);
  });

  it('wipes every piece of personal data when the session ends, whatever happened before', () => {
    fc.assert(
      fc.property(sequenceArb, fc.constantFrom<SessionInput>({ type: 'cancel' }, { type: 'idle-timeout' }), (sequence, end) => {
        let state: SessionState = initialSessionState('chileatiende', 'es-CL');
        for (const candidate of play(sequence)) {
          const r = transition(state, candidate.make(state.op + candidate.opDelta), context());
          if (r.ok) state = r.value.state;
        }
        const r = transition(state, end, context());
        if (!r.ok || state.busy) return;
        expect(r.value.state).toMatchObject({
          step: 'idle',
          card: null,
          capture: null,
          verification: null,
          email: null,
          phone: null,
          password: null,
          activationCode: null,
        });
      }),
      { numRuns: 1000 },
    );
  });
});
