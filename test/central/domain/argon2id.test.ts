/** The real Argon2id parameters, in the few tests that can afford them (about 10–20 ms a hash). */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARGON2ID_PARAMETERS, argon2idHasher } from '../../../central/domain/index.ts';
import { citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verifiedToken } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

describe('password hashing', () => {
  let h: Harness;
  beforeEach(() => (h = harness({ hasher: argon2idHasher() })));
  afterEach(() => h.close());
  afterAll(removeTempDirs);

  it('uses Argon2id at the OWASP floor: 19 MiB, 2 passes, 1 lane', async () => {
    expect(ARGON2ID_PARAMETERS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const hasher = argon2idHasher();
    const phc = await hasher.hash('lluvia en el desierto florido');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(phc, 'lluvia en el desierto florido')).toBe(true);
    expect(await hasher.verify(phc, 'lluvia en el desierto florid0')).toBe(false);
    expect(await hasher.hash('lluvia en el desierto florido')).not.toBe(phc); // salted
  });

  it('stores an activation’s password with those parameters, NFKC-normalised', async () => {
    const token = await verifiedToken(h, citizenWith('ok'));
    const decomposed = 'montan\u0303a rusa en verano';
    const outcome = await h.domain.activateOneStep({
      kioskId: 'kiosk-01',
      verificationToken: token,
      email: 'a@example.cl',
      phone: '+56912345678',
      password: decomposed,
    });
    expect(outcome.ok).toBe(true);
    const { password_hash } = h.domain.context.db.prepare('SELECT password_hash FROM accounts').get() as { password_hash: string };
    expect(password_hash).toContain('$m=19456,t=2,p=1$');
    expect(await argon2idHasher().verify(password_hash, 'montaña rusa en verano')).toBe(true);
  });
});
