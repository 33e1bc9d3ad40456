/**
 * The kiosk's registration with a real central sandbox server over HTTPS:
 * token + CSR → certificate, then mTLS; stored credentials are reused; a wrong
 * token and a wrong CA end in typed errors.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCentralPki } from '../../../central/pki/central-pki.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import {
  CentralError,
  centralHealth,
  ensureKioskRegistered,
  type CentralFetch,
  centralHttpsFetch,
} from '../../../electron/service/central/central-registration.ts';

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
let server: CentralServer;

beforeAll(async () => {
  server = await startCentralServer({ dataDir: temp('central-reg-server-'), port: 0 });
}, 30_000);
afterAll(async () => {
  await server?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ensureKioskRegistered', () => {
  it('registers with the issued token, then talks to central with mTLS', async () => {
    const dataDir = temp('kiosk-reg-');
    const { token } = server.authority.issueRegistrationToken('kiosk-reg-01');
    const first = await ensureKioskRegistered({
      dataDir,
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId: 'kiosk-reg-01',
      registrationToken: token,
    });
    expect(first.registered).toBe(true);
    expect(await centralHealth(first.tls, server.url)).toMatchObject({ status: 'ok', kioskId: 'kiosk-reg-01' });

    const files = join(dataDir, 'central-client');
    expect(statSync(join(files, 'kiosk.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(files, 'kiosk.crt')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(files, 'ca.crt'), 'utf8')).toBe(server.pki.ca.pem);

    // A second start reuses the stored files: no request at all, even with a spent token.
    let calls = 0;
    const counting: CentralFetch = (url, init) => {
      calls += 1;
      return centralHttpsFetch(url, init);
    };
    const second = await ensureKioskRegistered({
      dataDir,
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId: 'kiosk-reg-01',
      registrationToken: token,
      fetchImpl: counting,
    });
    expect(second.registered).toBe(false);
    expect(calls).toBe(0);
    expect(second.tls.cert).toBe(first.tls.cert);
    expect(await centralHealth(second.tls, server.url)).toMatchObject({ kioskId: 'kiosk-reg-01' });
  });

  it('refuses a wrong or spent token with central.registration_failed and writes nothing', async () => {
    const dataDir = temp('kiosk-reg-bad-');
    const attempt = ensureKioskRegistered({
      dataDir,
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId: 'kiosk-reg-02',
      registrationToken: 'not-a-token',
    });
    await expect(attempt).rejects.toBeInstanceOf(CentralError);
    await expect(attempt).rejects.toMatchObject({ code: 'central.registration_failed', status: 403, problemCode: 'registration_token_invalid' });
    expect(() => statSync(join(dataDir, 'central-client', 'kiosk.key'))).toThrow();

    const { token } = server.authority.issueRegistrationToken('kiosk-reg-03');
    await ensureKioskRegistered({
      dataDir: temp('kiosk-reg-once-'),
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId: 'kiosk-reg-03',
      registrationToken: token,
    });
    await expect(
      ensureKioskRegistered({
        dataDir: temp('kiosk-reg-twice-'),
        centralUrl: server.url,
        caCertificatePem: server.pki.ca.pem,
        kioskId: 'kiosk-reg-03',
        registrationToken: token,
      }),
    ).rejects.toMatchObject({ code: 'central.registration_failed', problemCode: 'registration_token_used' });
  });

  it('refuses a central whose certificate the pinned CA did not sign (central.untrusted), sending no token', async () => {
    const otherCa = (await loadOrCreateCentralPki(temp('other-ca-'))).ca.pem;
    const { token } = server.authority.issueRegistrationToken('kiosk-reg-04');
    await expect(
      ensureKioskRegistered({
        dataDir: temp('kiosk-reg-ca-'),
        centralUrl: server.url,
        caCertificatePem: otherCa,
        kioskId: 'kiosk-reg-04',
        registrationToken: token,
      }),
    ).rejects.toMatchObject({ name: 'CentralError', code: 'central.untrusted' });
    // The token was not spent: the handshake failed before any request was sent.
    const ok = await ensureKioskRegistered({
      dataDir: temp('kiosk-reg-ca2-'),
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId: 'kiosk-reg-04',
      registrationToken: token,
    });
    expect(ok.registered).toBe(true);
  });

  it('reports a central that is not listening as central.unreachable, and bad arguments as central.config_invalid', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-reg-05');
    await expect(
      ensureKioskRegistered({
        dataDir: temp('kiosk-reg-down-'),
        centralUrl: 'https://127.0.0.1:1',
        caCertificatePem: server.pki.ca.pem,
        kioskId: 'kiosk-reg-05',
        registrationToken: token,
      }),
    ).rejects.toMatchObject({ code: 'central.unreachable' });
    await expect(
      ensureKioskRegistered({
        dataDir: temp('kiosk-reg-http-'),
        centralUrl: 'http://127.0.0.1:1',
        caCertificatePem: server.pki.ca.pem,
        kioskId: 'kiosk-reg-05',
        registrationToken: token,
      }),
    ).rejects.toMatchObject({ code: 'central.config_invalid' });
    await expect(
      ensureKioskRegistered({ dataDir: temp('kiosk-reg-notoken-'), centralUrl: server.url, caCertificatePem: server.pki.ca.pem, kioskId: 'kiosk-reg-05' }),
    ).rejects.toMatchObject({ code: 'central.config_invalid' });
  });

  it('registers again when the central CA changed (the sandbox was reset), and not without a token', async () => {
    const dataDir = temp('kiosk-reg-reset-');
    const first = server.authority.issueRegistrationToken('kiosk-reg-06').token;
    await ensureKioskRegistered({ dataDir, centralUrl: server.url, caCertificatePem: server.pki.ca.pem, kioskId: 'kiosk-reg-06', registrationToken: first });
    const reset = await startCentralServer({ dataDir: temp('central-reg-reset-'), port: 0 });
    try {
      await expect(
        ensureKioskRegistered({ dataDir, centralUrl: reset.url, caCertificatePem: reset.pki.ca.pem, kioskId: 'kiosk-reg-06' }),
      ).rejects.toMatchObject({
        code: 'central.credentials_invalid',
      });
      const { token } = reset.authority.issueRegistrationToken('kiosk-reg-06');
      const again = await ensureKioskRegistered({
        dataDir,
        centralUrl: reset.url,
        caCertificatePem: reset.pki.ca.pem,
        kioskId: 'kiosk-reg-06',
        registrationToken: token,
      });
      expect(again.registered).toBe(true);
      expect(await centralHealth(again.tls, reset.url)).toMatchObject({ kioskId: 'kiosk-reg-06' });
    } finally {
      await reset.close();
    }
  });
});
