/**
 * Civil Digital's "Ingresar mi RUT": a RUN typed on the keypad stands in for
 * the card, then the finger and central's verification as with a card.
 */
import { describe, expect, it } from 'vitest';
import { parseRun } from '../../../common/run.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import { CARD, context, drive, FINGER_IMAGE, MATCHED, TO_CARD } from './machine-support.ts';

const TYPED = CARD.run.replace(/\./g, '');
const wrongDigit = (run: string) => {
  const digit = run.slice(-1);
  return `${run.slice(0, -1)}${digit === '0' ? '1' : '0'}`;
};

describe('a RUN typed at the card step', () => {
  it('Civil Digital: a valid RUN goes to the finger, with no card data, and the capture supersedes the card watch', () => {
    const { state, effects } = drive('civil-digital', [...TO_CARD, { type: 'run.submit', run: TYPED }]);
    expect(state.step).toBe('finger');
    expect(state.card).toEqual({
      run: CARD.run,
      runMasked: CARD.runMasked,
      serial: null,
      expiry: null,
      firstName: null,
      passwordOwner: { runNumber: CARD.run.split('-')[0]!.replaceAll('.', ''), nameParts: [] },
    });
    expect(effects.at(-1)).toEqual({ type: 'capture-finger', op: state.op, finger: 'right-index' });
    expect(effects).toContainEqual({ type: 'audit', record: { type: 'card.read', outcome: 'run_typed', subjectRun: CARD.run } });
    expect(toSnapshot(state, 'America/Santiago').citizen).toEqual({ firstName: null, runMasked: CARD.runMasked });
  });

  it('sends central the RUN and the finger only, and issues a code on a match', () => {
    const { state, effects } = drive('civil-digital', [
      ...TO_CARD,
      { type: 'run.submit', run: TYPED },
      { type: 'finger.captured', op: -1, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } },
    ]);
    expect(state.step).toBe('verifying');
    const verify = effects.find((e) => e.type === 'verify');
    expect(verify).toMatchObject({ card: { run: CARD.run, serial: null, expiry: null } });
    const issued = drive('civil-digital', [MATCHED], state);
    expect(issued.state.step).toBe('issuing-code');
    expect(issued.effects.at(-1)).toMatchObject({ type: 'issue-code', run: CARD.run });
  });

  it('keeps the card step and shows an error for a RUN whose check digit is wrong (the service checks again)', () => {
    const { state } = drive('civil-digital', [...TO_CARD, { type: 'run.submit', run: wrongDigit(TYPED) }]);
    expect(state.step).toBe('card');
    expect(state.card).toBeNull();
    expect(state.error).toBe('session.run_invalid');
    const fixed = drive('civil-digital', [{ type: 'run.submit', run: TYPED }], state);
    expect(fixed.state.step).toBe('finger');
    expect(fixed.state.error).toBeNull();
  });

  it('ChileAtiende refuses it: card and finger only', () => {
    const { state } = drive('chileatiende', TO_CARD);
    const result = transition(state, { type: 'event', event: { type: 'run.submit', run: TYPED } }, context());
    expect(result.ok ? null : result.error.code).toBe('session.event_not_allowed');
  });

  it('is refused outside the card step', () => {
    const { state } = drive('civil-digital', [...TO_CARD, { type: 'run.submit', run: TYPED }]);
    const again = transition(state, { type: 'event', event: { type: 'run.submit', run: TYPED } }, context());
    expect(again.ok ? null : again.error.code).toBe('session.event_not_allowed');
  });

  it('a lockout from central ends a typed-RUN session exactly as a card session', () => {
    const refused = { type: 'verify.refused', op: -1, failure: 'locked' } as const;
    const capture = { type: 'finger.captured', op: -1, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } } as const;
    const typed = drive('civil-digital', [...TO_CARD, { type: 'run.submit', run: TYPED }, capture, refused]).state;
    const card = drive('civil-digital', [...TO_CARD, { type: 'card.read', op: -1, card: CARD }, capture, refused]).state;
    expect([typed.step, typed.failure, typed.attemptsLeft]).toEqual(['failed', 'locked', 0]);
    expect([card.step, card.failure, card.attemptsLeft]).toEqual([typed.step, typed.failure, typed.attemptsLeft]);
  });

  it('the typed RUN the machine keeps is the one common/run.ts reads', () => {
    expect(parseRun(TYPED)?.formatted).toBe(CARD.run);
  });
});
