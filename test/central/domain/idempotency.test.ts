import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS, type IdempotencyRequest, IDEMPOTENCY_RETENTION_MS, KIOSK_OUTBOX_MAX_AGE_MS } from '../../../central/domain/index.ts';
import type { PasswordHasher } from '../../../central/domain/password-hasher.ts';
import {
  capture,
  cheapHasher,
  citizenWith,
  FINGERPRINT_WORK_TIMEOUT_MS,
  type Harness,
  harness,
  removeTempDirs,
  verificationInput,
  verifiedToken,
} from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const codeOf = (outcome: { ok: boolean; error?: { code: string } }) => (outcome.ok ? 'ok' : outcome.error!.code);
const PATH = '/v1/activations/one-step';

function oneStep(token: string, key: string | undefined, body: object = {}) {
  const input = {
    kioskId: 'kiosk-01',
    verificationToken: token,
    email: 'sintetica@example.cl',
    phone: '+56987654321',
    password: 'cinco lobitos tiene la loba',
    ...body,
  };
  const request: IdempotencyRequest = { clientId: 'kiosk-01', method: 'POST', path: PATH, key, body: input };
  return h.domain.activateOneStep(input, request);
}

/** A hasher that waits until released, to hold a request in flight. */
function gatedHasher(): { hasher: PasswordHasher; open(): void } {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { hasher: { ...cheapHasher, hash: async (p) => (await gate, cheapHasher.hash(p)) }, open: () => open() };
}

describe('idempotency keys', () => {
  it.each([1, 2, 3, 4, 5])('delivering the same activation %i times creates exactly one account and one answer', async (times) => {
    h = harness();
    const token = await verifiedToken(h, ok);
    const outcomes = [];
    for (let i = 0; i < times; i++) outcomes.push(await oneStep(token, 'key-0001'));
    expect(h.domain.context.registry.accountCount()).toBe(1);
    expect(outcomes.map(codeOf)).toEqual(Array(times).fill('ok'));
    for (const later of outcomes.slice(1)) expect(later).toEqual({ ...outcomes[0], replayed: true });
    expect(h.domain.auditEvents({ event: 'activation' })).toHaveLength(1);
    expect(h.domain.messages()).toHaveLength(1);
  });

  it('answers 409 while the first request is in flight, then replays its result', async () => {
    const gate = gatedHasher();
    h = harness({ hasher: gate.hasher });
    const token = await verifiedToken(h, ok);
    const first = oneStep(token, 'key-0002');
    const concurrent = await Promise.all([oneStep(token, 'key-0002'), oneStep(token, 'key-0002')]);
    expect(concurrent.map((o) => (o.ok ? 'ok' : [o.error.code, o.error.status]))).toEqual([
      ['idempotency_request_in_flight', 409],
      ['idempotency_request_in_flight', 409],
    ]);
    gate.open();
    expect(codeOf(await first)).toBe('ok');
    expect(await oneStep(token, 'key-0002')).toMatchObject({ ok: true, replayed: true });
    expect(h.domain.context.registry.accountCount()).toBe(1);
  });

  it("commits a claim without a flush and the operation with the connection's own durability (FULL)", async () => {
    const gate = gatedHasher();
    h = harness({ hasher: gate.hasher });
    const db = h.domain.context.db;
    const token = await verifiedToken(h, ok);
    const pragma = db.pragma.bind(db);
    const level = () => pragma('synchronous', { simple: true });
    const realTransaction = db.transaction.bind(db);
    // The level each write transaction commits at.
    const levels: unknown[] = [];
    const spy = vi.spyOn(db, 'transaction').mockImplementation(((fn: Parameters<typeof db.transaction>[0]) => {
      const real = realTransaction(fn);
      const at =
        (run: (...args: unknown[]) => unknown) =>
        (...args: unknown[]) => {
          levels.push(level());
          return run(...args);
        };
      return Object.assign(at(real), { immediate: at(real.immediate), deferred: at(real.deferred), exclusive: at(real.exclusive) });
    }) as never);
    const first = oneStep(token, 'key-0009');
    await Promise.resolve();
    expect(level()).toBe(2); // back to FULL while the request is in flight
    gate.open();
    expect(codeOf(await first)).toBe('ok');
    spy.mockRestore();
    expect(levels).toEqual([1, 2]); // the claim at NORMAL, the activation and its stored answer at FULL
    expect(level()).toBe(2);
  });

  it('answers 422 when a key comes back with a different body, 400 when it is missing or malformed', async () => {
    h = harness();
    const token = await verifiedToken(h, ok);
    expect(codeOf(await oneStep(token, 'key-0003'))).toBe('ok');
    const reused = await oneStep(token, 'key-0003', { email: 'otra@example.cl' });
    expect(reused.ok ? null : [reused.error.code, reused.error.status]).toEqual(['idempotency_key_reused', 422]);
    const missing = await oneStep(token, undefined);
    expect(missing.ok ? null : [missing.error.code, missing.error.status]).toEqual(['idempotency_key_missing', 400]);
    expect(codeOf(await oneStep(token, ''))).toBe('idempotency_key_invalid');
    expect(codeOf(await oneStep(token, 'x'.repeat(256)))).toBe('idempotency_key_invalid');
    expect(codeOf(await oneStep(token, 'clave-ñ'))).toBe('idempotency_key_invalid');
  });

  it('scopes keys by kiosk and path: another kiosk’s identical key is a different request', async () => {
    h = harness();
    const token = await verifiedToken(h, ok);
    const input = { kioskId: 'kiosk-01', verificationToken: token };
    const asKiosk = (clientId: string, path: string) => h.domain.issueActivationCode(input, { clientId, method: 'POST', path, key: 'shared-key', body: input });
    const first = await asKiosk('kiosk-01', '/v1/activation-codes');
    expect(codeOf(first)).toBe('ok');
    expect(codeOf(await asKiosk('kiosk-02', '/v1/activation-codes'))).toBe('verification_token_invalid');
    expect(codeOf(await asKiosk('kiosk-01', '/v1/other'))).toBe('verification_token_invalid');
    expect(await asKiosk('kiosk-01', '/v1/activation-codes')).toEqual({ ...first, replayed: true });
  });

  it('replays a verification, token included, and seals stored responses', async () => {
    h = harness();
    const input = verificationInput(ok, capture(ok, 2, 'idem'));
    const request: IdempotencyRequest = { clientId: 'kiosk-01', method: 'POST', path: '/v1/verifications', key: 'verify-1', body: input };
    const first = await h.domain.verifyIdentity(input, request);
    const again = await h.domain.verifyIdentity(input, request);
    expect(again).toEqual({ ...first, replayed: true });
    expect(h.domain.auditEvents({ event: 'verification' })).toHaveLength(1);
    const token = first.ok && first.value.matched ? first.value.verificationToken : 'none';
    const { response } = h.domain.context.db.prepare('SELECT response FROM idempotency_keys').get() as { response: Buffer };
    expect(response.toString('latin1')).not.toContain(token);
  });

  it('stores refusals that changed state too: a replayed mismatch does not count twice', async () => {
    h = harness();
    const input = verificationInput(ok, capture(citizenWith('ok', 1), 2, 'impostor'));
    const request: IdempotencyRequest = { clientId: 'kiosk-01', method: 'POST', path: '/v1/verifications', key: 'verify-2', body: input };
    for (let i = 0; i < 4; i++) expect(await h.domain.verifyIdentity(input, request)).toMatchObject({ ok: true, value: { matched: false, attemptsLeft: 2 } });
  });

  it('forgets a request that committed nothing: bad input, a rate limit, a crash while hashing', async () => {
    const broken = { ...cheapHasher, hash: async () => Promise.reject(new Error('disk on fire')) };
    h = harness({ hasher: broken });
    const token = await verifiedToken(h, ok);
    expect(codeOf(await oneStep(token, 'key-0004', { phone: '123' }))).toBe('invalid_input');
    await expect(oneStep(token, 'key-0004')).rejects.toThrow('disk on fire');
    expect(h.domain.context.db.prepare('SELECT count(*) AS n FROM idempotency_keys').get()).toEqual({ n: 0 });
    expect(h.domain.context.registry.accountCount()).toBe(0);
  });

  it('takes over a claim left in flight by a process that died, after the in-flight timeout', async () => {
    h = harness();
    const token = await verifiedToken(h, ok);
    const body = {
      kioskId: 'kiosk-01',
      verificationToken: token,
      email: 'sintetica@example.cl',
      phone: '+56987654321',
      password: 'cinco lobitos tiene la loba',
    };
    const start = h.domain.context.idempotency.begin({ clientId: 'kiosk-01', method: 'POST', path: PATH, key: 'key-0005', body }, h.clock.now);
    expect(start.kind).toBe('claimed'); // …and the process dies here
    expect(codeOf(await oneStep(token, 'key-0005'))).toBe('idempotency_request_in_flight');
    h.clock.advance(60_000);
    expect(codeOf(await oneStep(token, 'key-0005'))).toBe('ok');
  });

  it(`keeps keys ${IDEMPOTENCY_RETENTION_MS / DAY_MS} days, longer than the kiosk outbox’s ${KIOSK_OUTBOX_MAX_AGE_MS / DAY_MS}, then purges them`, async () => {
    h = harness();
    const token = await verifiedToken(h, ok);
    await oneStep(token, 'key-0006');
    h.clock.advance(IDEMPOTENCY_RETENTION_MS - 1);
    expect(h.domain.purge().idempotencyKeys).toBe(0);
    expect(await oneStep(token, 'key-0006')).toMatchObject({ ok: true, replayed: true });
    h.clock.advance(1);
    expect(h.domain.purge().idempotencyKeys).toBe(1);
    expect(codeOf(await oneStep(token, 'key-0006'))).toBe('verification_token_invalid');
    expect(h.domain.context.registry.accountCount()).toBe(1);
  });
});
