/**
 * The enrollment API over real HTTPS with mTLS, with kiosks registered
 * through the real endpoint and a SQLite store; every response is checked
 * against central/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { capture, cheapHasher, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, removeTempDirs, seededDatabasePath, T0 } from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';
import { heartbeatBody } from './heartbeat-fixture.ts';
import type { SyntheticCitizen } from '../../../synthetic/index.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let server: CentralServer;
let db: CentralDatabase;
let domain: CentralDomain;
let kiosk: ReturnType<typeof kioskTlsOptions>;
let admin: ReturnType<typeof kioskTlsOptions>;
const clock = { now: T0 };

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(9), clock: () => clock.now, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: centralApiRoutes({ domain, devMailbox: true }),
  });
  kiosk = kioskTlsOptions(await registerKiosk(server, 'kiosk-api-01'));
  admin = kioskTlsOptions(await registerKiosk(server, 'admin-ops-01'));
}, 30_000);

afterAll(async () => {
  await server?.close();
  db?.close();
  removeTempDirs();
});

async function call(
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; tls?: typeof kiosk; form?: URLSearchParams; contractPath?: string } = {},
): Promise<HttpsResult> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form.toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.key !== null && method === 'POST' && !options.form) headers['idempotency-key'] = options.key ?? randomUUID();
  const result = await httpsCall(server, { method, path, headers, ...(body !== undefined && { body }), tls: options.tls ?? kiosk });
  assertMatchesContract(method, options.contractPath ?? path.split('?')[0]!, result);
  return result;
}

/** A browser: trusts the CA, has no client certificate. */
const citizenTls = () => kioskTlsOptions({ caCertificatePem: server.pki.ca.pem });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
function verification(citizen: SyntheticCitizen, finger: SyntheticCitizen = citizen, seed = 'session') {
  return {
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    template: base64(capture(finger, 2, seed)),
  };
}
async function verify(citizen: SyntheticCitizen): Promise<string> {
  const result = await call('POST', '/v1/identity-verifications', { body: verification(citizen) });
  expect(result.status).toBe(200);
  expect(result.json).toMatchObject({ matched: true, attemptsLeft: 3 });
  return (result.json as { verificationToken: string }).verificationToken;
}
const account = (run: string) =>
  db.prepare('SELECT a.channel FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').all(run.replace(/\./g, ''));

describe('Civil Digital journey', () => {
  it('verifies, issues a code, activates on the web form; the code is unusable afterwards', async () => {
    const citizen = citizenWith('ok', 0);
    const token = await verify(citizen);
    const issued = await call('POST', '/v1/activation-codes', { body: { verificationToken: token } });
    expect(issued.status).toBe(201);
    const { display } = issued.json as { display: string };

    const page = await call('GET', '/activar', { tls: citizenTls() });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="code">');
    const formKey = /name="formKey" value="([^"]+)"/.exec(page.text)![1]!;
    const form = new URLSearchParams({
      formKey,
      run: citizen.run.formatted,
      code: display,
      email: 'ciudadana@example.cl',
      phone: '+56 9 8765 4321',
      password: 'lluvia sobre los cerros de valparaíso',
    });
    const done = await call('POST', '/activar', { form, tls: citizenTls() });
    expect(done.status).toBe(201);
    expect(done.text).toContain('ClaveÚnica activada');
    expect(account(citizen.run.formatted)).toEqual([{ channel: 'activation-code' }]);
    // The same form delivered again replays the answer; the code typed afresh is refused as used.
    expect((await call('POST', '/activar', { form, tls: citizenTls() })).status).toBe(201);
    form.set('formKey', 'another-form');
    const again = await call('POST', '/activar', { form, tls: citizenTls() });
    expect(again.status).toBe(409);
    expect(again.text).toContain('ya fue usado');
    expect(again.text).toContain('role="alert"');
    const mail = await call('GET', `/dev/mailbox?recipient=${encodeURIComponent('ciudadana@example.cl')}`, { tls: citizenTls() });
    expect((mail.json as { messages: { kind: string }[] }).messages.map((m) => m.kind)).toEqual(['account_activated']);
  });

  it('re-renders the form with listed errors for a wrong code', async () => {
    const citizen = citizenWith('ok', 5);
    const form = new URLSearchParams({
      run: citizen.run.formatted,
      code: 'ABCD-EFGH-JKMN',
      email: 'x@example.cl',
      phone: '912345678',
      password: 'una clave bastante larga',
    });
    const result = await call('POST', '/activar', { form, tls: citizenTls() });
    expect(result.status).toBe(403);
    expect(result.text).toMatch(/<li><a href="#code">El RUN y el código/);
    expect(result.text).toContain('aria-invalid="true"');
  });
});

describe('ChileAtiende journey', () => {
  it('activates in one step with a typed password', async () => {
    const citizen = citizenWith('ok', 1);
    const token = await verify(citizen);
    const result = await call('POST', '/v1/activations/one-step', {
      body: { verificationToken: token, email: 'uno@example.cl', phone: '+56912345678', password: 'cordillera nevada al amanecer' },
    });
    expect(result.status).toBe(201);
    expect(result.json).toEqual({ status: 'active', email: 'uno@example.cl', phone: '+56912345678' });
    expect(account(citizen.run.formatted)).toEqual([{ channel: 'one-step' }]);
  });

  it('activates with a generated password that arrives in the development mailbox', async () => {
    const citizen = citizenWith('ok', 2);
    const token = await verify(citizen);
    const result = await call('POST', '/v1/activations/one-step', {
      body: { verificationToken: token, email: 'dos@example.cl', phone: '+56987654321', generate: 'sms' },
    });
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({ passwordSentBy: 'sms' });
    const mail = await call('GET', '/dev/mailbox?channel=sms&recipient=%2B56987654321', { tls: citizenTls() });
    const messages = (mail.json as { messages: { kind: string; body: string }[] }).messages;
    expect(messages.map((m) => m.kind)).toEqual(['generated_password']);
    const page = await call('GET', '/dev/mailbox.html', { tls: citizenTls() });
    expect(page.status).toBe(200);
    expect(page.text).toContain('+56987654321');
  });

  it('refuses a weak password with the failed rules', async () => {
    const citizen = citizenWith('ok', 3);
    const token = await verify(citizen);
    const result = await call('POST', '/v1/activations/one-step', {
      body: { verificationToken: token, email: 'tres@example.cl', phone: '+56987654300', password: 'password' },
    });
    expect(result.status).toBe(422);
    expect(result.json).toMatchObject({ code: 'password_rejected' });
  });
});

describe('lockout and unlock', () => {
  it('locks after 3 mismatches with the unlock procedure, and an operator unlocks', async () => {
    const citizen = citizenWith('ok', 4);
    const impostor = citizenWith('ok', 6);
    const attempts: HttpsResult[] = [];
    for (let i = 0; i < 3; i += 1) attempts.push(await call('POST', '/v1/identity-verifications', { body: verification(citizen, impostor, `s${i}`) }));
    expect(attempts.map((a) => a.status)).toEqual([200, 200, 423]);
    expect(attempts.map((a) => (a.json as { attemptsLeft: number }).attemptsLeft)).toEqual([2, 1, 0]);
    expect(attempts[2]!.headers['content-type']).toBe('application/problem+json');
    expect(attempts[2]!.json).toMatchObject({ code: 'identity_locked', unlockProcedure: { es: expect.stringContaining('Registro Civil') } });
    expect((await call('POST', '/v1/identity-verifications', { body: verification(citizen) })).status).toBe(423);

    const refused = await call('POST', '/v1/admin/identity-unlocks', { body: { run: citizen.run.formatted } });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'admin_required' });
    const unlocked = await call('POST', '/v1/admin/identity-unlocks', { body: { run: citizen.run.formatted }, tls: admin });
    expect(unlocked.json).toEqual({ wasLocked: true });
    await verify(citizen);
  });
});

describe('idempotency over HTTP', () => {
  it('the same one-step request delivered 1–5 times creates exactly one account', async () => {
    for (const times of [1, 2, 3, 4, 5]) {
      const citizen = citizenWith('ok', 10 + times);
      const token = await verify(citizen);
      const body = { verificationToken: token, email: `n${times}@example.cl`, phone: '+56911112222', password: 'un colibrí en el jardín de invierno' };
      const key = randomUUID();
      const results = [];
      for (let i = 0; i < times; i += 1) results.push(await call('POST', '/v1/activations/one-step', { body, key }));
      expect(results.map((r) => r.status)).toEqual(Array(times).fill(201));
      expect(results.slice(1).every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
      expect(account(citizen.run.formatted)).toHaveLength(1);
    }
  });

  it('refuses a reused key with another body (422) and a missing key (400)', async () => {
    const citizen = citizenWith('ok', 20);
    const key = randomUUID();
    expect((await call('POST', '/v1/identity-verifications', { body: verification(citizen), key })).status).toBe(200);
    const reused = await call('POST', '/v1/identity-verifications', { body: verification(citizen, citizen, 'other-capture'), key });
    expect([reused.status, (reused.json as { code: string }).code]).toEqual([422, 'idempotency_key_reused']);
    const missing = await call('POST', '/v1/identity-verifications', { body: verification(citizen), key: null });
    expect([missing.status, (missing.json as { code: string }).code]).toEqual([400, 'idempotency_key_missing']);
  });
});

describe('kiosk reports and policy', () => {
  it('serves the password policy, keeps each heartbeat and stores audit batches once', async () => {
    const policy = await call('GET', '/v1/password-policy');
    expect(policy.json).toMatchObject({ minLength: 8, maxLength: 128 });
    expect((await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now, { version: '0.1.0' }) })).status).toBe(200);
    expect((await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now, { version: '0.1.1' }) })).status).toBe(200);
    const kept = db.prepare("SELECT body FROM kiosk_heartbeats WHERE kiosk_id = 'kiosk-api-01' ORDER BY id").all() as { body: string }[];
    expect(kept.map((row) => (JSON.parse(row.body) as { version: string }).version)).toEqual(['0.1.0', '0.1.1']);
    const events = [
      { eventId: 'e1', at: '2026-11-21T12:00:00Z', type: 'session.started', outcome: 'ok' },
      { eventId: 'e2', at: '2026-11-21T12:01:00Z', type: 'session.ended', outcome: 'cancelled', detail: { step: 'capture' } },
    ];
    expect((await call('POST', '/v1/audit-events', { body: { events } })).json).toEqual({ received: 2, stored: 2 });
    expect((await call('POST', '/v1/audit-events', { body: { events } })).json).toEqual({ received: 2, stored: 0 });
    expect((await call('POST', '/v1/audit-events', { body: { events: [{ ...events[0], extra: 1 }] } })).status).toBe(400);
  });

  it('refuses the kiosk endpoints without a client certificate', async () => {
    const result = await call('POST', '/v1/identity-verifications', { body: {}, tls: citizenTls() });
    expect(result.status).toBe(401);
  });
});

describe('registrations survive a restart (SQLite store)', () => {
  it('a kiosk registered before a restart is still authenticated after it', async () => {
    const dataDir = temporaryDataDir();
    const first = await startCentralServer({ dataDir, store: createSqliteKioskPkiStore(db), routes: centralApiRoutes({ domain }) });
    const credentials = kioskTlsOptions(await registerKiosk(first, 'kiosk-restart-01'));
    await first.close();
    const second = await startCentralServer({ dataDir, store: createSqliteKioskPkiStore(db), routes: centralApiRoutes({ domain }) });
    try {
      const health = await httpsCall(second, { path: '/v1/health', tls: credentials });
      expect(health.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
