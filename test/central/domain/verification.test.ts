import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeFingerMinutiaeRecord, singleViewRecord } from '../../../synthetic/index.ts';
import { HOUR_MS, UNLOCK_PROCEDURE } from '../../../central/domain/index.ts';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const other = citizenWith('ok', 1);

describe('identity verification', () => {
  it('matches the genuine finger as the simulated reader captures it, and returns a token', async () => {
    const outcome = await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'session-a')));
    expect(outcome).toMatchObject({ ok: true, status: 200, value: { matched: true, attemptsLeft: 3 } });
    if (!outcome.ok || !outcome.value.matched) return;
    expect(outcome.value.verificationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(outcome.value.expiresAt) - h.clock.now).toBe(10 * 60_000);
  });

  it('matches the left index too, and a record that does not name its finger', async () => {
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 7, 'session-b'), 'kiosk-01', 7))).toMatchObject({
      ok: true,
      value: { matched: true },
    });
    const unnamed = capture(ok, 2, 'session-c');
    unnamed[24] = 0; // the R30x module writes finger position 0: it cannot know which finger it saw
    expect(await h.domain.verifyIdentity(verificationInput(ok, unnamed))).toMatchObject({ ok: true, value: { matched: true } });
  });

  it('does not match another person’s finger, and says how many attempts are left', async () => {
    const outcome = await h.domain.verifyIdentity(verificationInput(ok, capture(other, 2, 'session-a')));
    expect(outcome).toEqual({ ok: true, status: 200, value: { matched: false, attemptsLeft: 2 } });
  });

  it.each([
    ['card_expired', 'card_expired', 403],
    ['card_blocked', 'card_blocked', 403],
    ['under_age', 'under_age', 403],
    ['has_account', 'already_has_account', 409],
  ] as const)('refuses a %s citizen with %s', async (scenario, code, status) => {
    const citizen = citizenWith(scenario);
    const outcome = await h.domain.verifyIdentity(verificationInput(citizen, capture(citizen, 2, 'session-a')));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect([outcome.error.code, outcome.error.status]).toEqual([code, status]);
  });

  it('refuses an unknown RUN, a card of someone else, and an expiry that is not the card’s', async () => {
    const template = capture(ok, 2, 'session-a');
    const code = async (input: object) => {
      const outcome = await h.domain.verifyIdentity({ ...verificationInput(ok, template), ...input });
      return outcome.ok ? 'ok' : outcome.error.code;
    };
    expect(await code({ run: '11.111.111-1' })).toBe('unknown_person');
    expect(await code({ cardSerial: other.serial })).toBe('card_mismatch');
    expect(await code({ cardExpiry: '2031-01-01' })).toBe('card_mismatch');
  });

  it('refuses malformed and unusable templates, and fingers the registry does not hold, without counting a failure', async () => {
    const template = capture(ok, 2, 'session-a');
    const code = async (input: object) => {
      const outcome = await h.domain.verifyIdentity({ ...verificationInput(ok, template), ...input });
      return outcome.ok ? 'ok' : outcome.error.code;
    };
    expect(await code({ template: template.subarray(0, 40) })).toBe('template_malformed');
    expect(await code({ template: new Uint8Array(64).fill(0x41) })).toBe('template_malformed');
    // The reason names the decoder's error in the same words as image_malformed's (biometrics/ codes without the prefix).
    const garbage = await h.domain.verifyIdentity({ ...verificationInput(ok, template), template: new Uint8Array(64).fill(0x41) });
    expect(!garbage.ok && garbage.error.extensions.reason).toBe('bad_magic');
    expect(await code({ finger: 7 })).toBe('template_malformed'); // the record says right index
    const few = encodeFingerMinutiaeRecord(
      singleViewRecord({
        fingerPosition: 2,
        quality: 80,
        width: 256,
        height: 288,
        resolution: 197,
        minutiae: [{ x: 10, y: 10, angle: 0, type: 'ridge-ending' }],
      }),
    );
    expect(await code({ template: few })).toBe('template_unusable');
    const middle = capture(ok, 3, 'session-a');
    expect(await code({ template: middle, finger: 'right-middle' })).toBe('finger_not_enrolled');
    expect(await code({})).toBe('ok');
  });

  it('refuses bad input with invalid_input naming the field', async () => {
    const outcome = await h.domain.verifyIdentity({ ...verificationInput(ok, capture(ok, 2, 's')), run: '15.234.871-2' });
    expect(outcome.ok ? null : outcome.error.toProblem()).toMatchObject({ code: 'invalid_input', status: 400, field: 'run' });
  });

  it('writes an audit row for every verification, and logs no RUN, template or token', async () => {
    await h.domain.verifyIdentity(verificationInput(ok, capture(other, 2, 'x')));
    const matched = await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'y')));
    const rows = h.domain.auditEvents({ run: `${ok.run.number}-${ok.run.checkDigit}` });
    expect(rows.map((r) => [r.event, r.outcome, r.kioskId])).toEqual([
      ['verification', 'match', 'kiosk-01'],
      ['verification', 'no_match', 'kiosk-01'],
    ]);
    expect(rows[0]!.at).toBe('2026-11-21T12:00:00.000Z');
    const log = h.logLines.join('\n');
    expect(log).not.toContain(String(ok.run.number));
    expect(log).not.toContain(ok.run.formatted.slice(0, 6));
    if (matched.ok && matched.value.matched) expect(log).not.toContain(matched.value.verificationToken);
  });
});

describe('lockout', () => {
  const fail = () => h.domain.verifyIdentity(verificationInput(ok, capture(other, 2, `impostor-${h.clock.now}`)));

  it('locks the person after 3 failed verifications within 24 h, with the unlock procedure (423)', async () => {
    expect(await fail()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 2 } });
    h.clock.advance(10 * HOUR_MS);
    expect(await fail()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 1 } });
    h.clock.advance(10 * HOUR_MS);
    const third = await fail();
    expect(third.ok).toBe(false);
    if (third.ok) return;
    expect(third.error.toProblem()).toMatchObject({ code: 'identity_locked', status: 423, attemptsLeft: 0, unlockProcedure: UNLOCK_PROCEDURE });
    // Locked means locked: the genuine finger, on another kiosk, is refused too.
    const genuine = await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'later'), 'kiosk-02'));
    expect(genuine.ok ? 'ok' : genuine.error.code).toBe('identity_locked');
    expect(h.domain.auditEvents({ event: 'lockout' })).toHaveLength(1);
  });

  it('does not lock when the failures are spread over more than 24 h', async () => {
    await fail();
    h.clock.advance(13 * HOUR_MS);
    await fail();
    h.clock.advance(12 * HOUR_MS); // the first failure has left the window
    expect(await fail()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 1 } });
  });

  it('forgets failures after a match', async () => {
    await fail();
    await fail();
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'genuine')))).toMatchObject({ ok: true, value: { matched: true } });
    expect(await fail()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 2 } });
  });

  it('is lifted by the admin unlock, which is audited', async () => {
    await fail();
    await fail();
    await fail();
    const unlock = await h.domain.unlockIdentity({ run: ok.run.formatted, operatorId: 'operator-7' });
    expect(unlock).toEqual({ ok: true, status: 200, value: { wasLocked: true } });
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'after-unlock')))).toMatchObject({ ok: true, value: { matched: true } });
    expect(await h.domain.unlockIdentity({ run: ok.run.formatted, operatorId: 'operator-7' })).toMatchObject({ ok: true, value: { wasLocked: false } });
    expect(h.domain.auditEvents({ event: 'unlock' })[1]).toMatchObject({ outcome: 'ok', detail: { operatorId: 'operator-7', wasLocked: true } });
  });
});

describe('verification rate limits', () => {
  it('counts towards a RUN only the verifications that hold its card: ten card-less tries do not block the card holder', async () => {
    const probe = capture(other, 2, 'any');
    for (let i = 0; i < 10; i++) {
      const refused = await h.domain.verifyIdentity({ ...verificationInput(ok, probe, 'kiosk-99'), cardSerial: other.serial });
      expect(refused.ok ? 'ok' : refused.error.code).toBe('card_mismatch');
    }
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'session-a')))).toMatchObject({ ok: true, value: { matched: true } });
  });

  it('slows down verifications of one RUN with its card after 10 in an hour, on every kiosk', async () => {
    const genuine = capture(ok, 2, 'session-a');
    for (let i = 0; i < 10; i++) {
      expect(await h.domain.verifyIdentity(verificationInput(ok, genuine, `kiosk-${10 + i}`))).toMatchObject({ ok: true, value: { matched: true } });
    }
    const limited = await h.domain.verifyIdentity(verificationInput(ok, genuine, 'kiosk-42'));
    expect(limited.ok ? null : limited.error.toProblem()).toMatchObject({ code: 'rate_limited', status: 429 });
    // Someone without the card learns nothing from the limit: their answer is still the card's.
    const cardless = await h.domain.verifyIdentity({ ...verificationInput(ok, genuine, 'kiosk-43'), cardSerial: other.serial });
    expect(cardless.ok ? 'ok' : cardless.error.code).toBe('card_mismatch');
  });

  it('slows a kiosk down after 30 verifications in 10 minutes, then lets it go on', async () => {
    const people = Array.from({ length: 31 }, (_, i) => citizenWith('ok', i + 2));
    for (const person of people.slice(0, 30)) {
      // A refusal is enough: every verification that reaches the registry counts.
      await h.domain.verifyIdentity({ ...verificationInput(person, capture(ok, 2, 'any')), cardSerial: 'ZZ0000000' });
    }
    const limited = await h.domain.verifyIdentity(verificationInput(people[30]!, capture(people[30]!, 2, 'any')));
    expect(limited.ok ? null : limited.error.toProblem()).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 600 });
    h.clock.advance(10 * 60_000 + 1);
    expect(await h.domain.verifyIdentity(verificationInput(people[30]!, capture(people[30]!, 2, 'any')))).toMatchObject({ ok: true, value: { matched: true } });
  });
});
