/**
 * Audit records carry the person they are about sealed to central (HPKE):
 * POST /v1/audit-events opens each `subject` with the AAD of the kiosk's
 * certificate and the record's eventId and keeps the RUN with the record; one
 * subject that does not open refuses the whole batch. Over real HTTPS with
 * mTLS; every answer is checked against openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSubjectAad, KioskRecords } from '../../../central/api/kiosk-records.ts';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import { sealForCentral } from '../../../central/pki/hpke.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { cheapHasher, citizenWith, removeTempDirs, seededDatabasePath, T0 } from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';

const KIOSK_ID = 'kiosk-audit-01';
let server: CentralServer;
let withoutKey: CentralServer;
let db: CentralDatabase;
let domain: CentralDomain;
let kiosk: ReturnType<typeof kioskTlsOptions>;
let other: ReturnType<typeof kioskTlsOptions>;
let records: KioskRecords;

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(5), clock: () => T0, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, hpke: pki.hpke }),
  });
  // The same database served without the HPKE key: it cannot open any subject.
  withoutKey = await startCentralServer({ dataDir: temporaryDataDir(), store: createSqliteKioskPkiStore(db), routes: centralApiRoutes({ domain }) });
  kiosk = kioskTlsOptions(await registerKiosk(server, KIOSK_ID));
  other = kioskTlsOptions(await registerKiosk(server, 'kiosk-audit-02'));
  records = new KioskRecords(db);
}, 30_000);

afterAll(async () => {
  await server?.close();
  await withoutKey?.close();
  db?.close();
  removeTempDirs();
});

async function send(events: unknown[], options: { tls?: typeof kiosk; key?: string; target?: CentralServer } = {}): Promise<HttpsResult> {
  const target = options.target ?? server;
  const result = await httpsCall(target, {
    method: 'POST',
    path: '/v1/audit-events',
    headers: { 'content-type': 'application/json', 'idempotency-key': options.key ?? randomUUID() },
    body: JSON.stringify({ events }),
    tls: options.tls ?? kiosk,
  });
  assertMatchesContract('POST', '/v1/audit-events', result);
  return result;
}

async function sealSubject(plaintext: unknown, eventId: string, kioskId = KIOSK_ID): Promise<string> {
  const publicKey = new Uint8Array(Buffer.from(server.pki.hpke.publicKey));
  return sealForCentral(
    publicKey,
    new TextEncoder().encode(typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext)),
    auditSubjectAad(kioskId, eventId),
  );
}

const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
  eventId,
  at: '2026-11-21T12:00:00Z',
  type: 'identity.verification',
  outcome: 'match',
  ...extra,
});
const stored = (eventId: string) => records.auditRecords(KIOSK_ID).find((r) => r.eventId === eventId);

describe('sealed audit subjects', () => {
  it('opens each subject and keeps the canonical RUN with its record; a record without one has none; a resent batch adds nothing', async () => {
    const citizen = citizenWith('ok', 0);
    const events = [
      event('subj-1', { subject: await sealSubject({ run: citizen.run.formatted }, 'subj-1') }),
      event('subj-2', { type: 'session.started', outcome: 'ok' }),
    ];
    const first = await send(events);
    expect([first.status, first.json]).toEqual([200, { received: 2, stored: 2 }]);
    expect(stored('subj-1')).toMatchObject({ run: `${citizen.run.number}-${citizen.run.checkDigit}`, outcome: 'match' });
    expect(stored('subj-2')).not.toHaveProperty('run');
    expect((await send(events)).json).toEqual({ received: 2, stored: 0 });
  });

  it('refuses the whole batch (422 sealed_payload_invalid naming the subject) when one subject does not open, and stores nothing', async () => {
    const citizen = citizenWith('ok', 1);
    const good = await sealSubject({ run: citizen.run.formatted }, 'bad-0');
    const flipped = `${good.slice(0, 50)}${good[50] === 'A' ? 'B' : 'A'}${good.slice(51)}`;
    const cases: [string, string, typeof kiosk][] = [
      ['tampered', flipped, kiosk],
      ['sealed for another eventId', await sealSubject({ run: citizen.run.formatted }, 'another-event'), kiosk],
      ['sealed by another kiosk', good, other],
      ['not an envelope', 'AAAA', kiosk],
    ];
    for (const [, subject, tls] of cases) {
      const result = await send([event('bad-ok'), event('bad-0', { subject })], { tls });
      expect([result.status, (result.json as { code: string }).code, (result.json as { field: string }).field]).toEqual([
        422,
        'sealed_payload_invalid',
        'events.1.subject',
      ]);
    }
    expect(stored('bad-ok')).toBeUndefined();
    expect(records.auditRecords('kiosk-audit-02')).toEqual([]);
    // Nothing was committed under the key: the same batch, sealed correctly, now goes through.
    const key = randomUUID();
    expect((await send([event('bad-ok'), event('bad-0', { subject: flipped })], { key })).status).toBe(422);
    expect((await send([event('bad-ok'), event('bad-0', { subject: good })], { key })).json).toEqual({ received: 2, stored: 2 });
  });

  it('refuses a subject that opens but is not {"run": a valid RUN} with 400 invalid_input', async () => {
    const citizen = citizenWith('ok', 2);
    const wrongDigit = `${citizen.run.formatted.slice(0, -1)}${citizen.run.checkDigit === '1' ? '2' : '1'}`;
    for (const plaintext of [{ run: wrongDigit }, { run: citizen.run.formatted, name: 'x' }, [citizen.run.formatted], 'not json']) {
      const result = await send([event('inv-1', { subject: await sealSubject(plaintext, 'inv-1') })]);
      expect([result.status, (result.json as { code: string }).code, (result.json as { field: string }).field]).toEqual([
        400,
        'invalid_input',
        'events.0.subject',
      ]);
    }
    expect(stored('inv-1')).toBeUndefined();
  });

  it('refuses a malformed or oversized subject at the schema (400) and any subject when the server has no HPKE key (422)', async () => {
    expect((await send([event('shape-1', { subject: 'not base64url!' })])).status).toBe(400);
    expect((await send([event('shape-1', { subject: 'A'.repeat(513) })])).status).toBe(400);
    const withoutKeyKiosk = kioskTlsOptions(await registerKiosk(withoutKey, 'kiosk-audit-03'));
    const citizen = citizenWith('ok', 3);
    const refused = await send([event('nokey-1', { subject: await sealSubject({ run: citizen.run.formatted }, 'nokey-1', 'kiosk-audit-03') })], {
      target: withoutKey,
      tls: withoutKeyKiosk,
    });
    expect([refused.status, (refused.json as { code: string }).code]).toEqual([422, 'sealed_payload_invalid']);
    // Records without a subject are still accepted there.
    expect((await send([event('nokey-2')], { target: withoutKey, tls: withoutKeyKiosk })).json).toEqual({ received: 1, stored: 1 });
  });
});
