/**
 * The setup screen against the real central sandbox (HTTPS + mTLS): set the
 * central URL and CA, register with a one-time token (kioskctl's
 * registration), then the connection test with TLS version and certificate
 * expiry. A refused token leaves the kiosk as it was.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs as removeSandboxDirs, type Sandbox, startSandbox } from '../enrollment/support.ts';
import { removeTempDirs, startTestKiosk, openTechnicianMode } from './support.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  removeSandboxDirs();
  removeTempDirs();
});

const PIN = '480159';

describe('registering the kiosk from technician mode', { timeout: 60_000 }, () => {
  it('stores URL and CA, registers with the token, tests the connection; everything audited, the token nowhere', async () => {
    const kioskId = `tech-kiosk-${process.pid}`;
    // Wall-clock time: certificates and central's Date header are real.
    const kiosk = startTestKiosk({ config: { kioskId } });
    kiosk.time.advance(Date.now() - kiosk.time.now());
    await openTechnicianMode(kiosk, PIN);
    expect(await kiosk.call('technician.updateSetup', { centralUrl: sandbox.server.url, centralCaFile: sandbox.caFile })).toMatchObject({
      ok: true,
      value: { saved: true, restartPending: true },
    });

    expect(await kiosk.call('technician.register', { token: 'wrong-token-0000' })).toMatchObject({
      ok: true,
      value: {
        outcome: 'fail',
        code: 'central.registration_failed',
        message: { key: 'registrationFailed' },
        advice: { key: expect.stringMatching(/^token|newToken/) },
      },
    });
    expect(existsSync(join(kiosk.dataDir, 'central-client'))).toBe(false);

    const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
    const registered = await kiosk.call('technician.register', { token });
    expect(registered).toMatchObject({
      ok: true,
      value: {
        outcome: 'pass',
        kioskId,
        tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/),
        certificate: { subject: expect.stringContaining(`CN=${kioskId}`), daysLeft: expect.any(Number) },
        restartPending: true,
      },
    });
    expect(await kiosk.call('technician.register', { token })).toMatchObject({ ok: true, value: { outcome: 'fail', code: 'central.already_registered' } });

    const tested = await kiosk.call('technician.centralTest');
    expect(tested).toMatchObject({
      ok: true,
      value: {
        outcome: 'pass',
        central: sandbox.server.url,
        tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/),
        serverCertificate: { notAfter: expect.any(String), daysLeft: expect.any(Number) },
        clientCertificate: { daysLeft: expect.any(Number) },
        clock: { check: 'central.clock', status: 'pass' },
        certificateCheck: { check: 'central.certificate', status: 'pass' },
      },
    });
    expect(await kiosk.call('technician.config')).toMatchObject({
      ok: true,
      value: { centralUrl: sandbox.server.url, certificate: { daysLeft: expect.any(Number) } },
    });

    const types = kiosk.audit().map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['technician.config_changed', 'technician.kiosk_registered', 'technician.central_tested']));
    expect(kiosk.audit().find((r) => r.type === 'technician.kiosk_registered' && r.outcome === 'ok')).toMatchObject({ detail: { via: 'touch-screen' } });
    const everything = JSON.stringify(kiosk.audit()) + kiosk.logLines.join('');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('wrong-token-0000');

    // Leaving applies it: the service restarts with the new central and certificate.
    await kiosk.call('technician.exit');
    await expect.poll(() => kiosk.exits, { timeout: 5000 }).toEqual([75]);
    await kiosk.close();
  });
});
