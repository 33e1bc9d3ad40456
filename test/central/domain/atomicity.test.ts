/** Every state change is one transaction: a fault part-way leaves nothing behind. */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdempotencyRequest } from '../../../central/domain/index.ts';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput, verifiedToken } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const failInsertsInto = (table: string) =>
  h.domain.context.db.exec(`CREATE TEMP TRIGGER fault_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
const healFault = (table: string) => h.domain.context.db.exec(`DROP TRIGGER fault_${table}`);
const count = (table: string) => (h.domain.context.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('atomic state changes', () => {
  it('an activation whose message cannot be queued creates no account, keeps the token and frees the key', async () => {
    const token = await verifiedToken(h, ok);
    const input = { kioskId: 'kiosk-01', verificationToken: token, email: 'a@example.cl', phone: '+56912345678', generate: 'email' as const };
    const request: IdempotencyRequest = { clientId: 'kiosk-01', method: 'POST', path: '/v1/activations/one-step', key: 'k-1', body: input };
    const before = { audit: count('audit_events'), messages: count('messages') };
    failInsertsInto('messages');
    await expect(h.domain.activateOneStep(input, request)).rejects.toThrow('injected fault');
    expect([count('accounts'), count('messages'), count('audit_events'), count('idempotency_keys')]).toEqual([0, before.messages, before.audit, 0]);
    healFault('messages');
    expect(await h.domain.activateOneStep(input, request)).toMatchObject({ ok: true, status: 201 });
    expect(count('accounts')).toBe(1);
  });

  it('a verification whose audit row cannot be written counts no failure and issues no token', async () => {
    failInsertsInto('audit_events');
    await expect(h.domain.verifyIdentity(verificationInput(ok, capture(citizenWith('ok', 1), 2, 'x')))).rejects.toThrow('injected fault');
    await expect(h.domain.verifyIdentity(verificationInput(ok, capture(ok, 2, 'y')))).rejects.toThrow('injected fault');
    expect([count('verification_failures'), count('verification_tokens'), count('rate_limit_events')]).toEqual([0, 0, 0]);
    healFault('audit_events');
    expect(await h.domain.verifyIdentity(verificationInput(ok, capture(citizenWith('ok', 1), 2, 'x')))).toMatchObject({ ok: true, value: { attemptsLeft: 2 } });
  });
});
