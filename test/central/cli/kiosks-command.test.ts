/**
 * `npm run central -- kiosks …` as real processes against a real data
 * directory while the real server runs on it: a heartbeat sent with a kiosk
 * certificate shows up in the fleet view with its devices, queue and alerts,
 * and the operator's switch reaches the kiosk's next heartbeat answer.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartbeatAnswer } from '../../../central/api/heartbeat-wire.ts';
import { createKioskKeyAndCsr, kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { heartbeatBody } from '../api/heartbeat-fixture.ts';
import { httpsCall, temporaryDataDir } from '../server/https-client.ts';

const run = promisify(execFile);
const KIOSK = 'kiosk-cli-01';

async function central(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['central/main.ts', ...args], { env: { ...process.env, CENTRAL_DATA_DIR: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dataDir: string;
let server: ReturnType<typeof spawn>;
let exited: Promise<number | null>;
let address: { host: string; port: number };
let tls: ReturnType<typeof kioskTlsOptions>;

beforeAll(async () => {
  dataDir = temporaryDataDir();
  server = spawn(process.execPath, ['central/main.ts'], {
    env: { ...process.env, CENTRAL_DEV_MAILBOX: '', CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0', CENTRAL_DEV_KIOSK_ID: KIOSK },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  // The banner's last line says the server is listening; an early exit fails the setup instead of hanging it.
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('Activation page')) resolve(text);
    });
    void exited.then((code) => reject(new Error(`central exited with ${code} before listening`)));
  });
  address = { host: '127.0.0.1', port: Number(/Central API: https:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]) };
  const caPem = readFileSync(/CA certificate: (.+)/.exec(out)![1]!, 'utf8');
  const token = /Registration token for kiosk-cli-01 .*: ([A-Za-z0-9_-]+)/.exec(out)![1]!;
  const { privateKeyPem, csrPem } = await createKioskKeyAndCsr(KIOSK);
  const registration = await httpsCall(address, {
    method: 'POST',
    path: '/v1/kiosk-registrations',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ registrationToken: token, csr: csrPem }),
    tls: kioskTlsOptions({ caCertificatePem: caPem }),
  });
  expect(registration.status).toBe(201);
  tls = kioskTlsOptions({ caCertificatePem: caPem, certificatePem: (registration.json as { certificate: string }).certificate, privateKeyPem });
}, 60_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await exited;
});

const sendHeartbeat = async (body: unknown, key = randomUUID()) => {
  const result = await httpsCall(address, {
    method: 'POST',
    path: '/v1/heartbeats',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    tls,
  });
  expect(result.status).toBe(200);
  return result.json as HeartbeatAnswer;
};

describe('central kiosks', () => {
  it('shows a heartbeat sent with a kiosk certificate, with its devices, queue and alerts, while the server runs', async () => {
    const now = Date.now();
    const body = heartbeatBody(now, { outbox: { pending: 7, oldestAgeSeconds: 120, dead: 1 } });
    const printer = { state: 'not-connected' as const, lastError: 'usb.gone', since: new Date(now - 10 * 60_000).toISOString() };
    await sendHeartbeat({ ...body, devices: { ...body.devices, printer } });

    const result = await central(['kiosks', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as { kiosks: Record<string, unknown>[] };
    expect(view.kiosks).toHaveLength(1);
    const kiosk = view.kiosks[0]!;
    expect(kiosk).toMatchObject({
      id: KIOSK,
      version: '0.9.0',
      mode: 'civil-digital',
      devices: { fingerprint: 'ready', cardReader: 'ready', printer: 'not-connected' },
      queue: { pending: 7, oldestAgeSeconds: 120, dead: 1 },
      outOfService: false,
      directive: null,
    });
    expect(kiosk.lastSeen).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((kiosk.alerts as { code: string; detail: string }[]).map((a) => [a.code, a.detail])).toEqual([
      ['device_down', 'printer'],
      ['dead_letters', '1'],
    ]);
  }, 60_000);

  it('sets a kiosk out of service and back: its next heartbeat answer carries the directive', async () => {
    const out = await central(['kiosks', 'service', KIOSK, '--out', '--office', 'Registro Civil, Huérfanos 1570', '--data-dir', dataDir]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ kioskId: KIOSK, outOfService: true, office: 'Registro Civil, Huérfanos 1570', setBy: 'cli' });
    const key = randomUUID();
    const answer = await sendHeartbeat(heartbeatBody(Date.now()), key);
    expect(JSON.parse(Buffer.from(answer.directive!.payload, 'base64url').toString('utf8'))).toMatchObject({
      kioskId: KIOSK,
      heartbeatKey: key,
      outOfService: true,
      office: 'Registro Civil, Huérfanos 1570',
    });

    expect((await central(['kiosks', 'service', KIOSK, '--in'], { CENTRAL_DATA_DIR: dataDir })).code).toBe(0);
    const lifted = await sendHeartbeat(heartbeatBody(Date.now()));
    expect(JSON.parse(Buffer.from(lifted.directive!.payload, 'base64url').toString('utf8'))).toMatchObject({ outOfService: false, office: null });
    const view = JSON.parse((await central(['kiosks', '--data-dir', dataDir])).stdout) as { kiosks: { directive: unknown }[] };
    expect(view.kiosks[0]!.directive).toMatchObject({ outOfService: false, setBy: 'cli' });
  }, 60_000);

  it('exits 64 on bad usage, 65 for an unknown kiosk or a refused value, 66 without a database', async () => {
    expect((await central(['kiosks', '--nope'])).code).toBe(64);
    expect((await central(['kiosks', 'service', KIOSK, '--data-dir', dataDir])).code).toBe(64);
    expect((await central(['kiosks', 'service', KIOSK, '--in', '--office', 'x', '--data-dir', dataDir])).code).toBe(64);
    expect((await central(['kiosks', 'service', 'kiosk-nobody', '--in', '--data-dir', dataDir])).code).toBe(65);
    expect((await central(['kiosks', 'service', KIOSK, '--out', '--office', 'x'.repeat(301), '--data-dir', dataDir])).code).toBe(65);
    const empty = await central(['kiosks', '--data-dir', temporaryDataDir()]);
    expect(empty.code).toBe(66);
    expect(empty.stderr).toContain('no central database');
  }, 60_000);
});
