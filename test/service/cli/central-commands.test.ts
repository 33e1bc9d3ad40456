/**
 * kioskctl register and central test against the real central sandbox
 * (HTTPS + mTLS, test/service/enrollment/support.ts), each kiosk in its own
 * data directory with a real SQLite file. Central "down" is a closed port
 * (connection refused) or a listener that never answers (timeout). Every
 * wait is bounded.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { removeTempDirs as removeSandboxDirs, type Sandbox, startSandbox } from '../enrollment/support.ts';
import { auditEvents, BOUND_MS, cliError, json, kioskctl, removeTempDirs, storedState, tempDir } from './cli-support.ts';

const DAY_MS = 86_400_000;
let sandbox: Sandbox;
let kioskCounter = 0;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  removeSandboxDirs();
  removeTempDirs();
});

function newKiosk(): { kioskId: string; token: string; dataDir: string } {
  const kioskId = `cli-kiosk-${process.pid}-${++kioskCounter}`;
  return { kioskId, token: sandbox.server.authority.issueRegistrationToken(kioskId).token, dataDir: tempDir('kioskctl-central-') };
}

function registerArgs(kiosk: { kioskId: string; dataDir: string }, token: string, url = sandbox.server.url): string[] {
  return ['register', '--token', token, '--central-url', url, '--ca', sandbox.caFile, '--kiosk-id', kiosk.kioskId, '--data-dir', kiosk.dataDir];
}

/** A port nothing listens on: connection refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A listener that accepts connections and never says a word (a black hole). */
async function silentServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('kioskctl register', { timeout: 6 * BOUND_MS }, () => {
  it('registers with a one-time token: certificate, TLS version, stored URL/CA/kiosk id, audit record; never the token or the key', async () => {
    const kiosk = newKiosk();
    const result = await kioskctl(registerArgs(kiosk, kiosk.token));
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout);
    expect(out).toMatchObject({
      registered: true,
      kioskId: kiosk.kioskId,
      central: sandbox.server.url,
      tls: { version: expect.stringMatching(/^TLSv1\.[23]$/), serverCertificate: { notAfter: expect.any(String) } },
      certificate: {
        serial: expect.stringMatching(/^[0-9a-f]+$/),
        subject: expect.stringContaining(`CN=${kiosk.kioskId}`),
        notAfter: expect.any(String),
        daysLeft: expect.any(Number),
      },
      sealingKeyId: expect.any(String),
      replacedCertificate: false,
      configSaved: ['centralUrl', 'centralCaFile', 'kioskId'],
    });
    expect((out.certificate as { daysLeft: number }).daysLeft).toBeGreaterThan(300);
    expect(result.stdout).not.toContain(kiosk.token);
    expect(result.stdout).not.toContain('PRIVATE KEY');

    const keyFile = join(kiosk.dataDir, 'central-client', 'kiosk.key');
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(readdirSync(kiosk.dataDir).filter((name) => name.startsWith('.'))).toEqual([]);
    const got = json((await kioskctl(['config', 'get', '--data-dir', kiosk.dataDir])).stdout) as { config: Record<string, unknown> };
    expect(got.config).toMatchObject({ centralUrl: sandbox.server.url, centralCaFile: sandbox.caFile, kioskId: kiosk.kioskId });
    expect(auditEvents(kiosk.dataDir).at(-1)).toMatchObject({
      type: 'technician.kiosk_registered',
      outcome: 'ok',
      detail: { fields: 'centralUrl,centralCaFile,kioskId', replacedCertificate: false },
    });
    expect(JSON.stringify(storedState(kiosk.dataDir))).not.toContain(kiosk.token);
  });

  it('reads the token from stdin with --token -', async () => {
    const kiosk = newKiosk();
    const result = await kioskctl(registerArgs(kiosk, '-'), { stdin: `${kiosk.token}\n` });
    expect(result.code, result.stderr).toBe(0);
    expect(json(result.stdout)).toMatchObject({ registered: true, kioskId: kiosk.kioskId });
  });

  it('exits 5 for a wrong token, says what to do, never echoes it, and leaves the kiosk as it was', async () => {
    const kiosk = newKiosk();
    const wrong = 'Zm9ydHktdHdvLWlzLW5vdC1hLXRva2VuLWF0LWFsbC14eXo';
    const result = await kioskctl(registerArgs(kiosk, wrong));
    expect(result).toMatchObject({ code: 5, stdout: '' });
    expect(cliError(result)).toEqual({
      code: 'central.registration_failed',
      message: expect.stringMatching(/registration_token_invalid.*ask central operations for a new one/),
    });
    expect(result.stderr).not.toContain(wrong);
    expect(existsSync(join(kiosk.dataDir, 'central-client'))).toBe(false);
    expect(readdirSync(kiosk.dataDir).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(storedState(kiosk.dataDir).document).toBeNull();
  });

  it('exits 5 when the token was issued for another kiosk id, and when it was used already', async () => {
    const kiosk = newKiosk();
    const mismatch = await kioskctl(registerArgs({ ...kiosk, kioskId: 'another-kiosk' }, kiosk.token));
    expect(mismatch.code).toBe(5);
    expect(cliError(mismatch).message).toMatch(/csr_kiosk_mismatch.*--kiosk-id/);

    expect((await kioskctl(registerArgs(kiosk, kiosk.token))).code).toBe(0);
    const other = newKiosk();
    const reused = await kioskctl(registerArgs({ ...other, kioskId: kiosk.kioskId }, kiosk.token));
    expect(reused.code).toBe(5);
    expect(cliError(reused).message).toMatch(/registration_token_used/);
  });

  it('refuses a central URL that is not https (exit 3, field named) without asking central', async () => {
    const kiosk = newKiosk();
    const result = await kioskctl(registerArgs(kiosk, kiosk.token, sandbox.server.url.replace('https:', 'http:')));
    expect(result.code).toBe(3);
    expect(cliError(result)).toMatchObject({ code: 'config.invalid', field: 'centralUrl' });
    // The token is still unused: it registers now.
    expect((await kioskctl(registerArgs(kiosk, kiosk.token))).code).toBe(0);
  });

  it('exits 2 without a token, 3 without a central URL, 4 when central is down', async () => {
    const kiosk = newKiosk();
    const noToken = await kioskctl(['register', '--data-dir', kiosk.dataDir]);
    expect(noToken.code).toBe(2);
    const noUrl = await kioskctl(['register', '--token', kiosk.token, '--data-dir', kiosk.dataDir]);
    expect(noUrl.code).toBe(3);
    expect(cliError(noUrl)).toMatchObject({ code: 'config.invalid', field: 'centralUrl' });
    const down = await kioskctl(registerArgs(kiosk, kiosk.token, `https://127.0.0.1:${await closedPort()}`));
    expect(down.code).toBe(4);
    expect(cliError(down)).toMatchObject({ code: 'central.unreachable', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('does not register a registered kiosk again without --force; with it, replaces key and certificate', async () => {
    const kiosk = newKiosk();
    const registered = await kioskctl(registerArgs(kiosk, kiosk.token));
    expect(registered.code, registered.stderr).toBe(0);
    const first = json(registered.stdout) as { certificate: { serial: string } };
    const second = sandbox.server.authority.issueRegistrationToken(kiosk.kioskId).token;
    const refused = await kioskctl(['register', '--token', second, '--data-dir', kiosk.dataDir]);
    expect(refused.code).toBe(1);
    expect(cliError(refused)).toMatchObject({ code: 'central.already_registered', message: expect.stringContaining('--force') });

    const forced = await kioskctl(['register', '--token', second, '--force', '--data-dir', kiosk.dataDir]);
    expect(forced.code, forced.stderr).toBe(0);
    const out = json(forced.stdout) as { certificate: { serial: string }; replacedCertificate: boolean; configSaved: string[] };
    expect(out.replacedCertificate).toBe(true);
    expect(out.configSaved).toEqual([]);
    expect(out.certificate.serial).not.toBe(first.certificate.serial);
    expect((await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir])).code).toBe(0);
  });
});

describe('kioskctl central test', { timeout: 6 * BOUND_MS }, () => {
  it('reports TLS version, both certificates, the health round trip and the clock skew', async () => {
    const kiosk = newKiosk();
    expect((await kioskctl(registerArgs(kiosk, kiosk.token))).code).toBe(0);
    const result = await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as { clock: { skewSeconds: number } };
    expect(out).toMatchObject({
      central: sandbox.server.url,
      tls: { version: expect.stringMatching(/^TLSv1\.[23]$/), serverCertificate: { notAfter: expect.any(String), daysLeft: expect.any(Number) } },
      clientCertificate: { subject: expect.stringContaining(kiosk.kioskId), notAfter: expect.any(String), daysLeft: expect.any(Number), status: 'pass' },
      health: { status: 'ok', kioskId: kiosk.kioskId, roundTripMs: expect.any(Number) },
      clock: { centralDate: expect.any(String), skewSeconds: expect.any(Number), status: 'pass' },
    });
    // Same machine, same clock: the Date header's one-second resolution is the only difference.
    expect(Math.abs(out.clock.skewSeconds)).toBeLessThanOrEqual(2);
  });

  it('exits 3 on a kiosk that is not registered, and on one without central configured', async () => {
    const kiosk = newKiosk();
    await kioskctl(['config', 'set', 'centralUrl', sandbox.server.url, 'centralCaFile', sandbox.caFile, '--data-dir', kiosk.dataDir]);
    const unregistered = await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir]);
    expect(unregistered.code).toBe(3);
    expect(cliError(unregistered)).toMatchObject({ code: 'central.not_registered', message: expect.stringContaining('kioskctl register') });

    const bare = tempDir();
    await kioskctl(['config', 'set', 'office', 'Sin central', '--data-dir', bare]);
    const notConfigured = await kioskctl(['central', 'test', '--data-dir', bare]);
    expect(notConfigured.code).toBe(3);
    expect(cliError(notConfigured)).toMatchObject({ code: 'config.invalid', field: 'centralUrl' });
  });

  it('exits 4 when central refuses connections, and when it never answers (bounded by --timeout)', async () => {
    const kiosk = newKiosk();
    expect((await kioskctl(registerArgs(kiosk, kiosk.token))).code).toBe(0);
    await kioskctl(['config', 'set', 'centralUrl', `https://127.0.0.1:${await closedPort()}`, '--data-dir', kiosk.dataDir]);
    const refused = await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir]);
    expect(refused.code).toBe(4);
    expect(cliError(refused)).toMatchObject({ code: 'central.unreachable', message: expect.stringContaining('ECONNREFUSED') });

    const silent = await silentServer();
    try {
      await kioskctl(['config', 'set', 'centralUrl', `https://127.0.0.1:${silent.port}`, '--data-dir', kiosk.dataDir]);
      const hung = await kioskctl(['central', 'test', '--timeout', '1', '--data-dir', kiosk.dataDir]);
      expect(hung.code).toBe(4);
      expect(cliError(hung)).toMatchObject({ code: 'central.timeout', message: expect.stringContaining('1000 ms') });
    } finally {
      await silent.close();
    }
  });

  it('exits 5 when central has revoked the kiosk certificate, saying to register again', async () => {
    const kiosk = newKiosk();
    const registered = json((await kioskctl(registerArgs(kiosk, kiosk.token))).stdout) as { certificate: { serial: string } };
    expect(sandbox.server.authority.revoke(registered.certificate.serial, 'key_compromise')).toBe(true);
    const result = await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir]);
    expect(result.code).toBe(5);
    expect(cliError(result)).toMatchObject({ code: 'central.refused', message: expect.stringContaining('register --token') });
  });

  it('exits 4 naming centralCaFile when central’s certificate is not signed by the configured CA', async () => {
    const kiosk = newKiosk();
    expect((await kioskctl(registerArgs(kiosk, kiosk.token))).code).toBe(0);
    // Another central (its own CA) at the configured URL.
    const other = await startCentralServer({ dataDir: tempDir('kioskctl-other-central-') });
    try {
      await kioskctl(['config', 'set', 'centralUrl', other.url, '--data-dir', kiosk.dataDir]);
      const result = await kioskctl(['central', 'test', '--data-dir', kiosk.dataDir]);
      expect(result.code).toBe(4);
      expect(cliError(result)).toMatchObject({ code: 'central.untrusted', message: expect.stringContaining('centralCaFile') });
    } finally {
      await other.close();
    }
  });
});

describe('a client certificate near its end', { timeout: 6 * BOUND_MS }, () => {
  let shifted: CentralServer;
  let ca: string;

  beforeAll(async () => {
    // Central's clock 360 days back: the 365-day certificate it issues has 5 days left in real time.
    shifted = await startCentralServer({ dataDir: tempDir('kioskctl-shifted-central-'), now: () => new Date(Date.now() - 360 * DAY_MS) });
    ca = join(tempDir('kioskctl-shifted-ca-'), 'ca.pem');
    writeFileSync(ca, shifted.pki.ca.pem);
  });
  afterAll(async () => {
    await shifted?.close();
  });

  it('central test exits 1 with the client certificate failing and saying to register again', async () => {
    const dataDir = tempDir();
    const token = shifted.authority.issueRegistrationToken('cli-kiosk-expiring').token;
    const registered = await kioskctl([
      'register',
      '--token',
      token,
      '--central-url',
      shifted.url,
      '--ca',
      ca,
      '--kiosk-id',
      'cli-kiosk-expiring',
      '--data-dir',
      dataDir,
    ]);
    expect(registered.code, registered.stderr).toBe(0);
    expect((json(registered.stdout).certificate as { daysLeft: number }).daysLeft).toBeLessThan(7);
    const result = await kioskctl(['central', 'test', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(json(result.stdout)).toMatchObject({
      clientCertificate: { status: 'fail', action: expect.stringContaining('register --token') },
      health: { status: 'ok' },
    });
  });
});
