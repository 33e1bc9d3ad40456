/**
 * POST /v1/heartbeats and the operator's service switch over real HTTPS with
 * mTLS: what a kiosk gets back (alerts, the signed directive, checked the way
 * a kiosk checks it with node:crypto alone), what an operator may do, and
 * that every answer is what central/openapi.yaml promises.
 */
import { randomUUID, verify, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { directivePayloadSchema, heartbeatAnswerSchema, type HeartbeatAnswer, type SignedDirective } from '../../../central/api/heartbeat-wire.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { cheapHasher, removeTempDirs, T0, tempDir } from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';
import { heartbeatBody } from './heartbeat-fixture.ts';

let server: CentralServer;
let db: CentralDatabase;
let domain: CentralDomain;
let kiosk: ReturnType<typeof kioskTlsOptions>;
let other: ReturnType<typeof kioskTlsOptions>;
let admin: ReturnType<typeof kioskTlsOptions>;
const clock = { now: T0 };

beforeAll(async () => {
  db = openCentralDatabase(join(tempDir(), 'central.db'));
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(3), clock: () => clock.now, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, directiveSigner: pki.directive }),
  });
  kiosk = kioskTlsOptions(await registerKiosk(server, 'kiosk-hb-01'));
  other = kioskTlsOptions(await registerKiosk(server, 'kiosk-hb-02'));
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
  options: { body?: unknown; key?: string; tls?: typeof kiosk; contractPath?: string } = {},
): Promise<HttpsResult> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = options.key ?? randomUUID();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const result = await httpsCall(server, { method, path, headers, ...(body !== undefined && { body }), tls: options.tls ?? kiosk });
  assertMatchesContract(method, options.contractPath ?? path, result);
  return result;
}

const SERVICE_PATH = '/v1/admin/kiosks/{kioskId}/service';
const setService = (kioskId: string, body: unknown, tls = admin) =>
  call('POST', `/v1/admin/kiosks/${kioskId}/service`, { body, tls, contractPath: SERVICE_PATH });

/** What a kiosk does with a directive before believing it (wire contract), on its own clock: null when it must ignore it. */
function acceptDirective(directive: SignedDirective, caPem: string, kioskId: string, sentKey: string, now = new Date()) {
  const certificate = new X509Certificate(directive.certificate);
  const ca = new X509Certificate(caPem);
  if (!certificate.verify(ca.publicKey)) return null;
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) return null;
  if (!/(^|\n)CN=central directive signing(\n|$)/.test(certificate.subject)) return null;
  const bytes = Buffer.from(directive.payload, 'base64url');
  const signature = Buffer.from(directive.signature, 'base64url');
  if (signature.length !== 64) return null;
  if (!verify('sha256', bytes, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) return null;
  const payload = directivePayloadSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (payload.kioskId !== kioskId || payload.heartbeatKey !== sentKey) return null;
  return payload;
}

describe('POST /v1/heartbeats', () => {
  it('records a healthy heartbeat and answers with the central clock, no alerts and no directive', async () => {
    const result = await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now) });
    expect(result.status).toBe(200);
    expect(heartbeatAnswerSchema.parse(result.json)).toEqual({ receivedAt: new Date(clock.now).toISOString(), alerts: [], directive: null });
  });

  it('answers with the alerts the heartbeat raises', async () => {
    clock.now += 60_000;
    const since = new Date(clock.now - 6 * 60_000).toISOString();
    const body = heartbeatBody(clock.now, { outbox: { pending: 4, oldestAgeSeconds: 3601, dead: 2 } });
    const devices = { ...body.devices, printer: { state: 'not-connected' as const, lastError: 'usb.gone', since } };
    const answer = (await call('POST', '/v1/heartbeats', { body: { ...body, devices } })).json as HeartbeatAnswer;
    expect(answer.alerts.map((a) => [a.code, a.detail])).toEqual([
      ['device_down', 'printer'],
      ['queue_stale', '3601'],
      ['dead_letters', '2'],
    ]);
  });

  it('refuses a body that is not a heartbeat with 422 invalid_request, naming the member, and stores nothing', async () => {
    const before = db.prepare('SELECT COUNT(*) AS n FROM kiosk_heartbeats').get() as { n: number };
    const result = await call('POST', '/v1/heartbeats', { body: { ...heartbeatBody(clock.now), intervalSeconds: 9 } });
    expect(result.status).toBe(422);
    expect(result.json).toMatchObject({ code: 'invalid_request' });
    expect((result.json as { detail: string }).detail).toContain('intervalSeconds');
    expect(db.prepare('SELECT COUNT(*) AS n FROM kiosk_heartbeats').get()).toEqual(before);
  });

  it('needs an Idempotency-Key', async () => {
    const result = await httpsCall(server, {
      method: 'POST',
      path: '/v1/heartbeats',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(heartbeatBody(clock.now)),
      tls: kiosk,
    });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ code: 'idempotency_key_missing' });
  });

  it('never answers 5xx, whatever JSON arrives (property)', async () => {
    const member = fc.constantFrom(...Object.keys(heartbeatBody(0)));
    const garbage = fc.oneof(
      fc.anything(),
      fc.record({ member, value: fc.anything() }).map(({ member, value }) => ({ ...heartbeatBody(clock.now), [member]: value })),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (body) => {
        const result = await call('POST', '/v1/heartbeats', { body: body === undefined ? null : body });
        expect(result.status).toBeLessThan(500);
        expect([200, 400, 422]).toContain(result.status);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('the operator’s service switch and the signed directive', () => {
  it('refuses a kiosk certificate (403) and an unknown kiosk (404)', async () => {
    expect((await setService('kiosk-hb-01', { outOfService: true }, other)).status).toBe(403);
    expect((await setService('kiosk-nobody', { outOfService: true })).status).toBe(404);
    expect((await setService('kiosk-hb-01', { outOfService: true, office: '' })).status).toBe(422);
  });

  it('puts a kiosk out of service: its next answer carries a directive a kiosk verifies, bound to that heartbeat’s key', async () => {
    clock.now += 60_000;
    const set = await setService('kiosk-hb-01', { outOfService: true, office: 'Registro Civil, Huérfanos 1570', reason: 'Mantención' });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ kioskId: 'kiosk-hb-01', outOfService: true, office: 'Registro Civil, Huérfanos 1570', reason: 'Mantención' });
    expect(domain.auditEvents({ event: 'kiosk_service' })[0]).toMatchObject({
      kioskId: 'kiosk-hb-01',
      detail: { outOfService: true, operator: 'admin-ops-01' },
    });

    const key = randomUUID();
    const body = heartbeatBody(clock.now);
    const answer = (await call('POST', '/v1/heartbeats', { body, key })).json as HeartbeatAnswer;
    const directive = answer.directive!;
    expect(acceptDirective(directive, server.pki.ca.pem, 'kiosk-hb-01', key)).toEqual({
      kioskId: 'kiosk-hb-01',
      heartbeatKey: key,
      outOfService: true,
      office: 'Registro Civil, Huérfanos 1570',
      reason: 'Mantención',
      issuedAt: new Date(clock.now).toISOString(),
    });
    // Replay protection: the same directive answering another heartbeat, or read by another kiosk, is refused.
    expect(acceptDirective(directive, server.pki.ca.pem, 'kiosk-hb-01', randomUUID())).toBeNull();
    expect(acceptDirective(directive, server.pki.ca.pem, 'kiosk-hb-02', key)).toBeNull();
    // A changed payload does not verify.
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(directive.payload, 'base64url').toString()), outOfService: false }));
    expect(acceptDirective({ ...directive, payload: forged.toString('base64url') }, server.pki.ca.pem, 'kiosk-hb-01', key)).toBeNull();
    // A retry with the same key replays the same signed answer.
    const replay = await call('POST', '/v1/heartbeats', { body, key });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.json as HeartbeatAnswer).directive).toEqual(directive);
    // Another kiosk's answers carry no directive.
    expect(((await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now), tls: other })).json as HeartbeatAnswer).directive).toBeNull();
  });

  it('lifts it: the next answer says outOfService false, with no office', async () => {
    expect((await setService('kiosk-hb-01', { outOfService: false })).status).toBe(200);
    const key = randomUUID();
    const answer = (await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now), key })).json as HeartbeatAnswer;
    expect(acceptDirective(answer.directive!, server.pki.ca.pem, 'kiosk-hb-01', key)).toMatchObject({
      outOfService: false,
      office: null,
      reason: null,
    });
  });

  it('refuses a directive whose certificate another CA issued', async () => {
    const key = randomUUID();
    const answer = (await call('POST', '/v1/heartbeats', { body: heartbeatBody(clock.now), key })).json as HeartbeatAnswer;
    const elsewhere = await startCentralServer({ dataDir: temporaryDataDir() });
    try {
      expect(acceptDirective(answer.directive!, elsewhere.pki.ca.pem, 'kiosk-hb-01', key)).toBeNull();
    } finally {
      await elsewhere.close();
    }
  });
});

describe('GET /admin/kiosks.json', () => {
  it('lists each kiosk with its devices, queue and alerts for an operator, and refuses a kiosk', async () => {
    const view = await call('GET', '/admin/kiosks.json', { tls: admin });
    expect(view.status).toBe(200);
    const kiosks = (view.json as { kiosks: { id: string }[] }).kiosks;
    expect(kiosks.map((k) => k.id)).toEqual(['kiosk-hb-01', 'kiosk-hb-02']);
    expect(kiosks[0]).toMatchObject({ version: '0.9.0', mode: 'civil-digital', devices: { fingerprint: 'ready', cardReader: 'ready', printer: 'ready' } });
    expect((await call('GET', '/admin/kiosks.json', { tls: other })).status).toBe(403);
  });
});
