/**
 * Any enrolled finger: central tells the holder of a card
 * which fingers it holds, verifies the probe against the template of the
 * finger the kiosk names, and counts mismatches per person, whichever finger.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const other = citizenWith('ok', 1);
const card = (citizen = ok) => ({ kioskId: 'kiosk-01', run: citizen.run.formatted, cardSerial: citizen.serial, cardExpiry: citizen.expiryDate });

describe('enrolled fingers', () => {
  it('names the fingers the registry holds for the card holder, in position order', async () => {
    expect(await h.domain.enrolledFingers(card())).toMatchObject({
      ok: true,
      status: 200,
      value: { enrolledFingers: ['right-thumb', 'right-index', 'left-thumb', 'left-index'] },
    });
  });

  it('tells nothing to a caller without the RUN’s card', async () => {
    const code = async (input: object) => {
      const outcome = await h.domain.enrolledFingers({ ...card(), ...input });
      return outcome.ok ? 'ok' : outcome.error.code;
    };
    expect(await code({ run: '11.111.111-1' })).toBe('unknown_person');
    expect(await code({ cardSerial: other.serial })).toBe('card_mismatch');
    expect(await code({ cardExpiry: '2031-01-01' })).toBe('card_mismatch');
    expect(await code({ run: 'not a run' })).toBe('invalid_input');
  });

  it('verifies a probe of another enrolled finger against that finger’s template, not the right index’s', async () => {
    const leftThumb = capture(ok, 6, 'session-thumb');
    expect(await h.domain.verifyIdentity(verificationInput(ok, leftThumb, 'kiosk-01', 6))).toMatchObject({ ok: true, value: { matched: true } });
    // A left-thumb print sent as the left index is compared with the left index's template: no match.
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 6, 'session-thumb-2'), 'kiosk-01', 7))).not.toMatchObject({
      ok: true,
      value: { matched: true },
    });
  });

  it('refuses a finger that is not enrolled with finger_not_enrolled, naming the enrolled ones, and counts no failure', async () => {
    const outcome = await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 4, 'session-ring'), 'kiosk-01', 4));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.toProblem()).toMatchObject({
      code: 'finger_not_enrolled',
      status: 422,
      enrolledFingers: ['right-thumb', 'right-index', 'left-thumb', 'left-index'],
    });
    // The next real mismatch is the first one counted.
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(other, 2, 's')))).toMatchObject({
      ok: true,
      value: { matched: false, attemptsLeft: 2 },
    });
  });

  it('counts mismatches per person across fingers: switching finger does not reset the lockout count', async () => {
    const wrong = (position: 2 | 6 | 7, seed: string) => h.domain.verifyIdentity(verificationInput(ok, capture(other, position, seed), 'kiosk-01', position));
    expect(await wrong(2, 'a')).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 2 } });
    expect(await wrong(7, 'b')).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 1 } });
    const third = await wrong(6, 'c');
    expect(third.ok ? 'ok' : third.error.code).toBe('identity_locked');
  });
});
