/**
 * The sandbox's HTML pages over real HTTPS: the headers every page carries,
 * and the activation form's per-client throttle as a browser meets it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain } from '../../../central/domain/index.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { capture, cheapHasher, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, removeTempDirs, seededDatabasePath, T0 } from '../domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir, type HttpsResult } from '../server/https-client.ts';
import { assertMatchesContract } from './contract.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let server: CentralServer;
let db: CentralDatabase;
let kiosk: ReturnType<typeof kioskTlsOptions>;
const clock = { now: T0 };

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(5), clock: () => clock.now, hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: centralApiRoutes({ domain, devMailbox: true }),
  });
  kiosk = kioskTlsOptions(await registerKiosk(server, 'kiosk-pages-01'));
}, 30_000);

afterAll(async () => {
  await server?.close();
  db?.close();
  removeTempDirs();
});

/** A browser: trusts the CA, has no client certificate. */
async function browse(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<HttpsResult> {
  const body = form && new URLSearchParams(form).toString();
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
  const result = await httpsCall(server, {
    method,
    path,
    headers,
    ...(body !== undefined && { body }),
    tls: kioskTlsOptions({ caCertificatePem: server.pki.ca.pem }),
  });
  assertMatchesContract(method, path, result);
  return result;
}

const wrongCodeForm = (run: string) => ({ run, code: 'ABCD-EFGH-JKMN', email: 'x@example.cl', phone: '912345678', password: 'una clave bastante larga' });

describe('HTML pages', () => {
  it('all send one CSP that forbids framing and scripts, and no-store', async () => {
    const citizen = citizenWith('ok', 0);
    const verified = await httpsCall(server, {
      method: 'POST',
      path: '/v1/identity-verifications',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        run: citizen.run.formatted,
        cardSerial: citizen.serial,
        finger: 'right-index',
        template: Buffer.from(capture(citizen, 2, 'pages')).toString('base64'),
      }),
      tls: kiosk,
    });
    const token = (verified.json as { verificationToken: string }).verificationToken;
    const issued = await httpsCall(server, {
      method: 'POST',
      path: '/v1/activation-codes',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ verificationToken: token }),
      tls: kiosk,
    });
    const { display } = issued.json as { display: string };

    const form = await browse('GET', '/activar');
    const wrong = await browse('POST', '/activar', wrongCodeForm(citizenWith('ok', 7).run.formatted));
    const done = await browse('POST', '/activar', {
      run: citizen.run.formatted,
      code: display,
      email: 'paginas@example.cl',
      phone: '+56 9 8765 4321',
      password: 'lluvia sobre los cerros de valparaíso',
    });
    const mailbox = await browse('GET', '/dev/mailbox.html');
    expect([form.status, wrong.status, done.status, mailbox.status]).toEqual([200, 403, 201, 200]);

    const csp = form.headers['content-security-policy'];
    expect(csp).toEqual(expect.stringContaining("frame-ancestors 'none'"));
    expect(csp).toEqual(expect.stringContaining("default-src 'none'"));
    expect(csp).not.toContain('unsafe-inline');
    for (const page of [form, wrong, done, mailbox]) {
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(csp);
      expect(page.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers the form throttled after 5 wrong codes from one client: a 429 page with Retry-After and the wait in words', async () => {
    const run = citizenWith('ok', 8).run.formatted;
    // The first test typed one wrong code from this client (127.0.0.1); a fresh day forgets it.
    clock.now += 24 * 3_600_000;
    for (let i = 0; i < 5; i++) expect((await browse('POST', '/activar', wrongCodeForm(run))).status).toBe(403);
    const limited = await browse('POST', '/activar', wrongCodeForm(run));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.headers['content-security-policy']).toEqual(expect.stringContaining("frame-ancestors 'none'"));
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(limited.text).toContain('Espera 30 segundos');
    expect(limited.text).toContain('role="alert"');
  });
});
