import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS } from '../../../central/domain/index.ts';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput } from './support.ts';
import type { SyntheticCitizen } from '../../../synthetic/index.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const other = citizenWith('ok', 1);

/** Civil Digital's "Ingresar mi RUT": the RUN as typed, no card serial or expiry. */
function typedRunInput(citizen: SyntheticCitizen, template: Uint8Array, kioskId = 'kiosk-01') {
  const { cardSerial: _serial, cardExpiry: _expiry, ...rest } = verificationInput(citizen, template, kioskId);
  return rest;
}
const codeOf = (outcome: { ok: boolean; error?: { code: string } }) => (outcome.ok ? 'ok' : outcome.error!.code);

describe('verification by a typed RUN and a finger (no card)', () => {
  it('matches the registry template of the RUN and returns a token that issues an activation code', async () => {
    const outcome = await h.domain.verifyIdentity(typedRunInput(ok, capture(ok, 2, 'typed-a')));
    expect(outcome).toMatchObject({ ok: true, value: { matched: true, attemptsLeft: 3 } });
    if (!outcome.ok || !outcome.value.matched) return;
    const code = await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: outcome.value.verificationToken });
    expect(code.ok).toBe(true);
    expect(h.domain.auditEvents({ event: 'verification' })[0]).toMatchObject({ outcome: 'match', detail: { card: false } });
  });

  it('applies no card check: an expired or blocked card does not stop a typed RUN', async () => {
    for (const scenario of ['card_expired', 'card_blocked'] as const) {
      const citizen = citizenWith(scenario);
      expect(await h.domain.verifyIdentity(typedRunInput(citizen, capture(citizen, 2, 'typed-b')))).toMatchObject({ ok: true, value: { matched: true } });
    }
  });

  it('refuses an unknown RUN', async () => {
    expect(codeOf(await h.domain.verifyIdentity({ ...typedRunInput(ok, capture(ok, 2, 'x')), run: '11.111.111-1' }))).toBe('unknown_person');
  });

  it('tells age and account only to the finger that matches: another finger gets no_match', async () => {
    for (const [scenario, code] of [
      ['under_age', 'under_age'],
      ['has_account', 'already_has_account'],
    ] as const) {
      const citizen = citizenWith(scenario);
      expect(await h.domain.verifyIdentity(typedRunInput(citizen, capture(other, 2, 'stranger')))).toMatchObject({ ok: true, value: { matched: false } });
      expect(codeOf(await h.domain.verifyIdentity(typedRunInput(citizen, capture(citizen, 2, 'genuine'))))).toBe(code);
    }
  });

  it('locks after the same 3 mismatches in 24 h as with the card, and the lock holds for the card too', async () => {
    const typed = () => h.domain.verifyIdentity(typedRunInput(ok, capture(other, 2, `impostor-${h.clock.now}`)));
    const withCard = () => h.domain.verifyIdentity(verificationInput(other, capture(ok, 2, `impostor-${h.clock.now}`)));
    // The card path on one person and the typed path on another: the same counts, the same lock.
    for (const attempt of [typed, withCard]) {
      expect(await attempt()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 2 } });
      h.clock.advance(HOUR_MS);
    }
    for (const attempt of [typed, withCard]) {
      expect(await attempt()).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 1 } });
      h.clock.advance(HOUR_MS);
    }
    for (const attempt of [typed, withCard]) {
      const third = await attempt();
      expect(third.ok ? null : third.error.toProblem()).toMatchObject({ code: 'identity_locked', status: 423, attemptsLeft: 0 });
    }
    expect(codeOf(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'card-after'))))).toBe('identity_locked');
    expect(h.domain.auditEvents({ event: 'lockout' })).toHaveLength(2);
  });

  it('limits a typed RUN to 5 verifications an hour (stricter than the card’s 10), counting unknown outcomes too', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await h.domain.verifyIdentity(typedRunInput(ok, capture(ok, 2, `typed-${i}`), `kiosk-${10 + i}`))).toMatchObject({ ok: true });
    }
    const limited = await h.domain.verifyIdentity(typedRunInput(ok, capture(ok, 2, 'typed-6'), 'kiosk-42'));
    expect(limited.ok ? null : limited.error.toProblem()).toMatchObject({ code: 'rate_limited', status: 429 });
    // Its own bucket: typing someone's RUN never uses up the card holder's verifications.
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'card')))).toMatchObject({ ok: true, value: { matched: true } });
    h.clock.advance(HOUR_MS + 1);
    expect(await h.domain.verifyIdentity(typedRunInput(ok, capture(ok, 2, 'typed-later')))).toMatchObject({ ok: true, value: { matched: true } });

    const unknown = { ...typedRunInput(ok, capture(ok, 2, 'x')), run: '11.111.111-1' };
    for (let i = 0; i < 5; i++) expect(codeOf(await h.domain.verifyIdentity(unknown))).toBe('unknown_person');
    expect(codeOf(await h.domain.verifyIdentity(unknown))).toBe('rate_limited');
  });

  it('gives a token one-step activation (ChileAtiende, card and finger only) refuses', async () => {
    const outcome = await h.domain.verifyIdentity(typedRunInput(ok, capture(ok, 2, 'typed-c')));
    if (!outcome.ok || !outcome.value.matched) throw new Error('expected a match');
    const activation = await h.domain.activateOneStep({
      kioskId: 'kiosk-01',
      verificationToken: outcome.value.verificationToken,
      email: 'a@example.cl',
      phone: '+56912345678',
      generate: 'email',
    });
    expect(activation.ok ? null : activation.error.toProblem()).toMatchObject({ code: 'card_required', status: 403 });
  });
});
