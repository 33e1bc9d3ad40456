import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS, UNLOCK_PROCEDURE } from '../../../central/domain/index.ts';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const other = citizenWith('ok', 1);

describe('lockout: when it lifts', () => {
  const fail = () => h.domain.verifyIdentity(verificationInput(ok, capture(other, 2, `impostor-${h.clock.now}`)));

  it('says in the 423 when the lock lifts (24 h after it was set), the same on every later refusal', async () => {
    await fail();
    await fail();
    const lockedAt = h.clock.now;
    const third = await fail();
    expect(third.ok).toBe(false);
    if (third.ok) return;
    const lockedUntil = new Date(lockedAt + 24 * HOUR_MS).toISOString();
    expect(third.error.toProblem()).toMatchObject({ code: 'identity_locked', status: 423, attemptsLeft: 0, unlockProcedure: UNLOCK_PROCEDURE, lockedUntil });
    h.clock.advance(HOUR_MS);
    const later = await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'later')));
    expect(later.ok ? null : later.error.toProblem()).toMatchObject({ code: 'identity_locked', lockedUntil });
  });

  it('lifts by itself once that time has come: the genuine finger matches again', async () => {
    await fail();
    await fail();
    await fail();
    h.clock.advance(24 * HOUR_MS);
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'next-day')))).toMatchObject({ ok: true, value: { matched: true } });
  });
});
