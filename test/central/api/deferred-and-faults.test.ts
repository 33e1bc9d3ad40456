/**
 * Deferred enrollment (sealed offline bundles) and fault injection, over real
 * HTTPS with mTLS; responses that arrive are checked against openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, deferredEnrollmentAad, type CentralDomain, type DeferredBundle } from '../../../central/domain/index.ts';
import { sealForCentral } from '../../../central/pki/hpke.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createFaultInjector, parseFaultSpec } from '../../../central/server/faults.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import type { SyntheticCitizen } from '../../../synthetic/index.ts';
import { capture, cheapHasher, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, removeTempDirs, seededDatabasePath, T0 } from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let server: CentralServer;
let db: CentralDatabase;
let domain: CentralDomain;
let kiosk: ReturnType<typeof kioskTlsOptions>;
let other: ReturnType<typeof kioskTlsOptions>;
const KIOSK_ID = 'kiosk-deferred-01';

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(7), clock: () => T0, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: true, hpke: pki.hpke }),
  });
  kiosk = kioskTlsOptions(await registerKiosk(server, KIOSK_ID));
  other = kioskTlsOptions(await registerKiosk(server, 'kiosk-deferred-02'));
}, 30_000);

afterEach(() => server.setFaults(null));

afterAll(async () => {
  await server?.close();
  db?.close();
  removeTempDirs();
});

interface CallOptions {
  body?: unknown;
  key?: string;
  tls?: typeof kiosk;
}
function send(method: string, path: string, options: CallOptions = {}): Promise<HttpsResult> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = options.key ?? randomUUID();
  return httpsCall(server, { method, path, headers, ...(options.body !== undefined && { body: JSON.stringify(options.body) }), tls: options.tls ?? kiosk });
}
async function call(method: string, path: string, options: CallOptions = {}): Promise<HttpsResult> {
  const result = await send(method, path, options);
  assertMatchesContract(method, path.split('?')[0]!, result);
  return result;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const accounts = (citizen: SyntheticCitizen) =>
  db.prepare('SELECT a.channel, a.email FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').all(citizen.run.formatted.replace(/\./g, ''));
const mailbox = (recipient: string) => domain.messages({ recipient });

function bundleFor(
  citizen: SyntheticCitizen,
  contact: { email: string; phone: string; generate: 'email' | 'sms' },
  finger: SyntheticCitizen = citizen,
): DeferredBundle {
  return {
    version: 1,
    capturedAt: new Date(T0 - 3_600_000).toISOString(),
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    template: base64(capture(finger, 2, 'offline')),
    ...contact,
  };
}

async function publicKey(): Promise<Uint8Array> {
  const document = await call('GET', '/v1/hpke-public-key');
  return new Uint8Array(Buffer.from((document.json as { publicKey: string }).publicKey, 'base64url'));
}
async function seal(bundle: unknown, key: string, kioskId = KIOSK_ID): Promise<string> {
  return sealForCentral(await publicKey(), new TextEncoder().encode(JSON.stringify(bundle)), deferredEnrollmentAad(kioskId, key));
}

describe('deferred enrollment', () => {
  it('opens a sealed bundle, activates with a generated password, notifies; a replay gets the stored answer', async () => {
    const citizen = citizenWith('ok', 0);
    const contact = { email: 'diferida@example.cl', phone: '+56 9 1111 0000', generate: 'email' as const };
    const key = randomUUID();
    const sealed = await seal(bundleFor(citizen, contact), key);
    const accepted = await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ state: 'completed', result: 'activated', notifiedBy: 'email' });
    expect(accounts(citizen)).toEqual([{ channel: 'one-step', email: 'diferida@example.cl' }]);
    const mail = await call('GET', `/dev/mailbox?recipient=${encodeURIComponent(contact.email)}`, {
      tls: kioskTlsOptions({ caCertificatePem: server.pki.ca.pem }),
    });
    const messages = (mail.json as { messages: { kind: string; body: string }[] }).messages;
    expect(messages.map((m) => m.kind).sort()).toEqual(['account_activated', 'generated_password']);

    const replay = await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key });
    expect(replay.status).toBe(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.json as { id: string }).id).toBe((accepted.json as { id: string }).id);
    expect(mailbox(contact.email)).toHaveLength(2);
  });

  it('tells the citizen why it failed when the fingerprint does not match', async () => {
    const citizen = citizenWith('ok', 1);
    const impostor = citizenWith('ok', 2);
    const key = randomUUID();
    const sealed = await seal(bundleFor(citizen, { email: 'nomatch@example.cl', phone: '+56911110001', generate: 'sms' }, impostor), key);
    const result = await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key });
    expect(result.json).toMatchObject({ result: 'rejected', reason: 'no_match', notifiedBy: 'sms' });
    expect(accounts(citizen)).toEqual([]);
    const [notice] = mailbox('+56911110001');
    expect(notice).toMatchObject({ channel: 'sms', kind: 'deferred_enrollment_failed' });
    expect(notice!.body).toContain('Registro Civil');
  });

  it('answers a rate-limited verification with 429 to retry later, not a stored rejection the citizen is told about', async () => {
    const citizen = citizenWith('ok', 20);
    const matching = {
      run: citizen.run.formatted,
      cardSerial: citizen.serial,
      cardExpiry: citizen.expiryDate,
      finger: 'right-index',
      template: base64(capture(citizen, 2, 'busy')),
    };
    // Ten verifications of one RUN in an hour use up its allowance (central/domain/rate-limits.ts).
    for (let i = 0; i < 10; i++) expect((await call('POST', '/v1/identity-verifications', { body: matching })).status).toBe(200);
    const key = randomUUID();
    const sealed = await seal(bundleFor(citizen, { email: 'limitada@example.cl', phone: '+56911110002', generate: 'email' }), key);
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key });
      expect(result.status).toBe(429);
      expect(result.json).toMatchObject({ code: 'rate_limited' });
      expect(result.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(accounts(citizen)).toEqual([]);
    expect(mailbox('limitada@example.cl')).toEqual([]);
  });

  it('refuses a tampered bundle, another key, another kiosk (422 sealed_payload_invalid), and a typed password (400)', async () => {
    const citizen = citizenWith('ok', 3);
    const key = randomUUID();
    const sealed = await seal(bundleFor(citizen, { email: 'tamper@example.cl', phone: '+56911110002', generate: 'email' }), key);
    const flipped = `${sealed.slice(0, 60)}${sealed[60] === 'A' ? 'B' : 'A'}${sealed.slice(61)}`;
    const refusals = [
      await call('POST', '/v1/deferred-enrollments', { body: { sealed: flipped }, key }),
      await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key: randomUUID() }),
      await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key, tls: other }),
    ];
    expect(refusals.map((r) => [r.status, (r.json as { code: string }).code])).toEqual(Array(3).fill([422, 'sealed_payload_invalid']));
    expect(accounts(citizen)).toEqual([]);

    const withPassword = await seal(
      { ...bundleFor(citizen, { email: 'tamper@example.cl', phone: '+56911110002', generate: 'email' }), password: 'typed at the kiosk' },
      key,
    );
    const refused = await call('POST', '/v1/deferred-enrollments', { body: { sealed: withPassword }, key: randomUUID() });
    expect(refused.status).toBe(422); // sealed under `key`, sent under another: the AAD check comes first
    const typed = randomUUID();
    const withPasswordSealed = await seal(
      { ...bundleFor(citizen, { email: 'tamper@example.cl', phone: '+56911110002', generate: 'email' }), password: 'typed at the kiosk' },
      typed,
    );
    const invalid = await call('POST', '/v1/deferred-enrollments', { body: { sealed: withPasswordSealed }, key: typed });
    expect([invalid.status, (invalid.json as { code: string }).code]).toEqual([400, 'invalid_input']);
    // Nothing was committed for the refused one: the same bundle, untampered, still goes through.
    expect((await call('POST', '/v1/deferred-enrollments', { body: { sealed }, key })).json).toMatchObject({ result: 'activated' });
  });
});

describe('fault injection', () => {
  const verificationBody = (citizen: SyntheticCitizen) => ({
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    template: base64(capture(citizen, 2, 'session')),
  });
  async function verify(citizen: SyntheticCitizen): Promise<string> {
    const result = await call('POST', '/v1/identity-verifications', { body: verificationBody(citizen) });
    expect(result.json).toMatchObject({ matched: true });
    return (result.json as { verificationToken: string }).verificationToken;
  }
  const oneStep = (token: string, n: number) => ({
    verificationToken: token,
    email: `falla${n}@example.cl`,
    phone: '+56922223333',
    password: 'un colibrí en el jardín de invierno',
  });

  it('is off by default, and reads CENTRAL_FAULTS', () => {
    expect(parseFaultSpec(undefined)).toBeNull();
    expect(parseFaultSpec('latency=200,error_rate=0.1,drop_rate=0.05,lose_response_rate=0.1,seed=7')).toEqual({
      latencyMs: 200,
      errorRate: 0.1,
      dropRate: 0.05,
      loseResponseRate: 0.1,
      seed: 7,
    });
    expect(() => parseFaultSpec('error_rate=2')).toThrow(RangeError);
    expect(() => parseFaultSpec('jitter=5')).toThrow(RangeError);
  });

  it('is deterministic for a seed', () => {
    const draw = (seed: number) => {
      const injector = createFaultInjector({ errorRate: 0.3, dropRate: 0.2, loseResponseRate: 0.3, seed });
      return Array.from({ length: 40 }, () => injector.next().action);
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(new Set(draw(42))).toEqual(new Set(['none', 'drop', 'error', 'lose_response']));
  });

  it('adds latency', async () => {
    server.setFaults({ latencyMs: 200 });
    const started = performance.now();
    expect((await call('GET', '/v1/health')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('answers 503 fault_injected without running the handler', async () => {
    const citizen = citizenWith('ok', 10);
    const token = await verify(citizen);
    server.setFaults({ errorRate: 1 });
    const result = await call('POST', '/v1/activations/one-step', { body: oneStep(token, 10) });
    expect([result.status, (result.json as { code: string }).code, result.headers['retry-after']]).toEqual([503, 'fault_injected', '1']);
    expect(accounts(citizen)).toEqual([]);
  });

  it('drops the connection without running the handler', async () => {
    const citizen = citizenWith('ok', 11);
    const token = await verify(citizen);
    server.setFaults({ dropRate: 1 });
    await expect(send('POST', '/v1/activations/one-step', { body: oneStep(token, 11) })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(accounts(citizen)).toEqual([]);
    // Public routes are not affected.
    expect((await httpsCall(server, { path: '/dev/mailbox', tls: kioskTlsOptions({ caCertificatePem: server.pki.ca.pem }) })).status).toBe(200);
  });

  it('commits, then loses the response', async () => {
    const citizen = citizenWith('ok', 12);
    const token = await verify(citizen);
    server.setFaults({ loseResponseRate: 1 });
    await expect(send('POST', '/v1/activations/one-step', { body: oneStep(token, 12) })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(accounts(citizen)).toHaveLength(1);
  });

  it('with responses lost after commit, the same one-step request delivered 1–5 times creates one account; the last delivery gets the stored response', async () => {
    for (const times of [1, 2, 3, 4, 5]) {
      const citizen = citizenWith('ok', 20 + times);
      const token = await verify(citizen);
      const body = oneStep(token, 20 + times);
      const key = randomUUID();
      server.setFaults({ loseResponseRate: 1 });
      for (let i = 1; i < times; i += 1) await expect(send('POST', '/v1/activations/one-step', { body, key })).rejects.toThrow();
      server.setFaults(null);
      const last = await call('POST', '/v1/activations/one-step', { body, key });
      expect(last.status).toBe(201);
      expect(last.headers['idempotent-replayed']).toBe(times > 1 ? 'true' : undefined);
      expect(last.json).toEqual({ status: 'active', email: body.email, phone: body.phone });
      expect(accounts(citizen)).toHaveLength(1);
    }
  });

  it('under seeded random faults, retrying with the same key converges on one account', async () => {
    const citizen = citizenWith('ok', 30);
    const token = await verify(citizen);
    const body = oneStep(token, 30);
    const key = randomUUID();
    server.setFaults({ loseResponseRate: 0.5, dropRate: 0.2, errorRate: 0.2, seed: 5 });
    const attempts: string[] = [];
    let final: HttpsResult | undefined;
    for (let i = 0; i < 5 && final?.status !== 201; i += 1) {
      try {
        final = await call('POST', '/v1/activations/one-step', { body, key });
        attempts.push(String(final.status));
      } catch {
        attempts.push('lost');
      }
    }
    expect(final?.status).toBe(201);
    expect(attempts).toContain('lost');
    expect(accounts(citizen)).toHaveLength(1);
  });
});
