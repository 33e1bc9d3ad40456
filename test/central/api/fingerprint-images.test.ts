/**
 * POST /v1/identity-verifications with a finger image (ISO/IEC 19794-4), and
 * deferred enrollment bundles of version 2, against the real HTTPS sandbox:
 * central decodes the record, extracts minutiae with biometrics/ and matches
 * them against a registry enrolled from enrollment-quality images.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, deferredEnrollmentAad, type CentralDomain, type DeferredBundle } from '../../../central/domain/index.ts';
import { sealForCentral } from '../../../central/pki/hpke.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import type { SyntheticCitizen } from '../../../synthetic/index.ts';
import { gradient, photoLike, uniform, whiteNoise } from '../../biometrics/fingerprint/support/non-fingers.ts';
import {
  capture,
  captureImage,
  cheapHasher,
  citizenWith,
  FINGERPRINT_WORK_TIMEOUT_MS,
  imageRecord,
  kioskImpression,
  removeTempDirs,
  seededDatabasePath,
  T0,
} from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

const KIOSK_ID = 'kiosk-images-01';
let server: CentralServer;
let db: CentralDatabase;
let domain: CentralDomain;
let kiosk: ReturnType<typeof kioskTlsOptions>;
const clock = { now: T0 };

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(5), clock: () => clock.now, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: true, hpke: pki.hpke }),
  });
  kiosk = kioskTlsOptions(await registerKiosk(server, KIOSK_ID));
}, 30_000);

// Each test starts past the per-kiosk rate-limit window, so the order of tests never matters.
beforeEach(() => {
  clock.now += 11 * 60_000;
});

afterAll(async () => {
  await server?.close();
  db?.close();
  removeTempDirs();
});

async function call(method: string, path: string, body: unknown, key = randomUUID()): Promise<HttpsResult> {
  const headers = { 'content-type': 'application/json', 'idempotency-key': key };
  const result = await httpsCall(server, { method, path, headers, body: JSON.stringify(body), tls: kiosk });
  assertMatchesContract(method, path, result);
  return result;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const card = (citizen: SyntheticCitizen) => ({ run: citizen.run.formatted, cardSerial: citizen.serial, cardExpiry: citizen.expiryDate });
const verify = (body: object) => call('POST', '/v1/identity-verifications', body);
const withImage = (citizen: SyntheticCitizen, record: Uint8Array, finger: string | number = 'right-index') =>
  verify({ ...card(citizen), finger, fingerImage: base64(record) });
const problem = (result: HttpsResult) =>
  result.json as { code: string; detail?: string; reason?: string; side?: string; field?: string; attemptsLeft?: number };

describe('verification with a finger image', () => {
  it("matches a kiosk image of the citizen's own finger (another placement than the enrolment), uncompressed and PNG", async () => {
    const citizen = citizenWith('ok', 40);
    const raw = await withImage(citizen, captureImage(citizen, 2, 'image-session-1'));
    expect(raw.status).toBe(200);
    expect(raw.json).toMatchObject({ matched: true, attemptsLeft: 3 });
    const png = await withImage(citizen, captureImage(citizen, 7, 'image-session-2', 'good', 'png'), 'left-index');
    expect(png.status).toBe(200);
    expect(png.json).toMatchObject({ matched: true });
  });

  it('derives the enrolled template once, at first need, and keeps it', async () => {
    const citizen = citizenWith('ok', 41);
    const stored = () =>
      db
        .prepare('SELECT count(*) AS n FROM fingerprint_templates t JOIN persons p ON p.id = t.person_id WHERE p.run = ?')
        .get(citizen.run.formatted.replace(/\./g, ''));
    expect(stored()).toEqual({ n: 0 });
    expect((await withImage(citizen, captureImage(citizen, 2, 'first'))).json).toMatchObject({ matched: true });
    expect(stored()).toEqual({ n: 1 });
    expect((await withImage(citizen, captureImage(citizen, 2, 'second'))).json).toMatchObject({ matched: true });
    expect(stored()).toEqual({ n: 1 });
  });

  it("does not match another citizen's finger, and counts the attempt", async () => {
    const citizen = citizenWith('ok', 42);
    const result = await withImage(citizen, captureImage(citizenWith('ok', 43), 2, 'impostor'));
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ matched: false, attemptsLeft: 2 });
  });

  it('matches an ISO template extracted from an image against the same image-enrolled registry', async () => {
    const citizen = citizenWith('ok', 44);
    const result = await verify({ ...card(citizen), finger: 'right-index', template: base64(capture(citizen, 2, 'reader-extracted')) });
    expect(result.json).toMatchObject({ matched: true });
  });

  it('refuses an image whose header names another finger than the request: image_malformed, finger_position', async () => {
    const citizen = citizenWith('ok', 45);
    const result = await withImage(citizen, imageRecord(kioskImpression(citizen, 2, 'mislabelled'), 7), 'right-index');
    expect(result.status).toBe(400);
    expect(problem(result)).toMatchObject({ code: 'image_malformed', reason: 'finger_position' });
  });

  it('refuses records that do not decode with image_malformed and the decoder’s reason, counting no attempt', async () => {
    const citizen = citizenWith('ok', 46);
    const good = captureImage(citizen, 2, 'to-break');
    const badMagic = good.slice();
    badMagic[0] = 0x58;
    const eightBitsNot = good.slice();
    eightBitsNot[28] = 4;
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'truncated'],
      [good.subarray(0, 100), 'length_mismatch'],
      [badMagic, 'bad_magic'],
      [eightBitsNot, 'unsupported_depth'],
      [new TextEncoder().encode('{"this is": "not a finger image record at all, just some JSON"}'), 'bad_magic'],
    ];
    for (const [record, reason] of cases) {
      const result = await withImage(citizen, record);
      expect(result.status, reason).toBe(400);
      expect(problem(result), reason).toMatchObject({ code: 'image_malformed', reason });
    }
    expect((await withImage(citizen, good)).json).toMatchObject({ matched: true, attemptsLeft: 3 });
  });

  it('refuses blank, noise and pictures that are not fingers with image_unusable and a guidance reason', async () => {
    const citizen = citizenWith('ok', 47);
    const cases: [string, { width: number; height: number; pixels: Uint8Array }, string][] = [
      ['blank', uniform(255), 'no_finger'],
      ['white noise', whiteNoise(11), 'not_a_finger'],
      ['gradient', gradient(0.7), 'not_a_finger'],
      ['photo', photoLike(5), 'not_a_finger'],
      ['too small to be a capture', uniform(200, 120, 120), 'not_a_finger'],
    ];
    for (const [name, image, reason] of cases) {
      const result = await withImage(citizen, imageRecord(image, 2));
      expect(result.status, name).toBe(422);
      expect(problem(result), name).toMatchObject({ code: 'image_unusable', reason });
    }
  });

  it('asks for exactly one of fingerImage and template, and bounds the image (invalid_request, naming the field)', async () => {
    const citizen = citizenWith('ok', 48);
    const both = await verify({
      ...card(citizen),
      finger: 'right-index',
      fingerImage: base64(captureImage(citizen, 2, 'x')),
      template: base64(capture(citizen, 2, 'x')),
    });
    expect(both.status).toBe(400);
    expect(problem(both)).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('exactly one of fingerImage and template') });
    const neither = await verify({ ...card(citizen), finger: 'right-index' });
    expect(neither.status).toBe(400);
    expect(problem(neither)).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('fingerImage') });
    const tooLong = await verify({ ...card(citizen), finger: 'right-index', fingerImage: 'A'.repeat(700_004) });
    expect(tooLong.status).toBe(400);
    expect(problem(tooLong)).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('fingerImage') });
  });
});

describe('deferred enrollment, bundle version 2', () => {
  const sealed = async (bundle: unknown, key: string) => {
    const document = await httpsCall(server, { method: 'GET', path: '/v1/hpke-public-key', tls: kiosk });
    const publicKey = new Uint8Array(Buffer.from((document.json as { publicKey: string }).publicKey, 'base64url'));
    return sealForCentral(publicKey, new TextEncoder().encode(JSON.stringify(bundle)), deferredEnrollmentAad(KIOSK_ID, key));
  };
  const bundle = (citizen: SyntheticCitizen, fingerprint: { fingerImage: string } | { template: string }, email: string): DeferredBundle => ({
    version: 2,
    capturedAt: new Date(clock.now - 3_600_000).toISOString(),
    ...card(citizen),
    finger: 'right-index',
    ...fingerprint,
    email,
    phone: '+56 9 2222 3333',
    generate: 'email',
  });
  const accounts = (citizen: SyntheticCitizen) =>
    db.prepare('SELECT a.channel, a.email FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').all(citizen.run.formatted.replace(/\./g, ''));

  it('drains a bundle with a finger image to an account', async () => {
    const citizen = citizenWith('ok', 49);
    const key = randomUUID();
    const result = await call(
      'POST',
      '/v1/deferred-enrollments',
      { sealed: await sealed(bundle(citizen, { fingerImage: base64(captureImage(citizen, 2, 'offline', 'good', 'png')) }, 'imagen@example.cl'), key) },
      key,
    );
    expect(result.status).toBe(202);
    expect(result.json).toMatchObject({ state: 'completed', result: 'activated', notifiedBy: 'email' });
    expect(accounts(citizen)).toEqual([{ channel: 'one-step', email: 'imagen@example.cl' }]);
  });

  it('rejects a bundle whose image is not a finger, tells the citizen, and creates no account', async () => {
    const citizen = citizenWith('ok', 50);
    const key = randomUUID();
    const result = await call(
      'POST',
      '/v1/deferred-enrollments',
      { sealed: await sealed(bundle(citizen, { fingerImage: base64(imageRecord(whiteNoise(3), 2)) }, 'ruido@example.cl'), key) },
      key,
    );
    expect(result.status).toBe(202);
    expect(result.json).toMatchObject({ result: 'rejected', reason: 'image_unusable' });
    expect(accounts(citizen)).toEqual([]);
    expect(domain.messages({ recipient: 'ruido@example.cl' }).map((m) => m.kind)).toEqual(['deferred_enrollment_failed']);
  });

  it('still drains a version 2 bundle with a template, and refuses one with both (invalid_input)', async () => {
    const citizen = citizenWith('ok', 51);
    const key = randomUUID();
    const withTemplate = await call(
      'POST',
      '/v1/deferred-enrollments',
      { sealed: await sealed(bundle(citizen, { template: base64(capture(citizen, 2, 'offline-reader')) }, 'plantilla@example.cl'), key) },
      key,
    );
    expect(withTemplate.json).toMatchObject({ result: 'activated' });
    const other = citizenWith('ok', 52);
    const both = { ...bundle(other, { template: base64(capture(other, 2, 'a')) }, 'ambas@example.cl'), fingerImage: base64(captureImage(other, 2, 'a')) };
    const key2 = randomUUID();
    const refused = await call('POST', '/v1/deferred-enrollments', { sealed: await sealed(both, key2) }, key2);
    expect(refused.status).toBe(400);
    expect(problem(refused)).toMatchObject({ code: 'invalid_input', field: 'bundle.fingerImage' });
  });
});
