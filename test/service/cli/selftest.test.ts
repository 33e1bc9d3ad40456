/**
 * kioskctl selftest and devices probe, run as processes against real SQLite
 * files, the real central sandbox (HTTPS + mTLS) and the real ESC/POS driver
 * talking to the simulated printer over TCP. "Central is down" is a closed
 * port (connection refused) or a listener that never answers; in both the
 * selftest must end well within its bound. Every wait is bounded.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPrinter } from '../../../drivers/printer/simulated-printer.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { openKioskDatabase, kioskDatabasePath } from '../../../electron/service/db/database.ts';
import { removeTempDirs as removeSandboxDirs, type Sandbox, startSandbox } from '../enrollment/support.ts';
import { BOUND_MS, jsonLines, kioskctl, removeTempDirs, tempDir } from './cli-support.ts';

const CHECKS = [
  'config',
  'device.fingerprint',
  'device.cardReader',
  'device.printer',
  'central.reachable',
  'central.clock',
  'central.certificate',
  'disk',
  'outbox',
];
let sandbox: Sandbox;
let counter = 0;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  removeSandboxDirs();
  removeTempDirs();
});

/** A kiosk registered with the sandbox, simulated devices. */
async function registeredKiosk(): Promise<string> {
  const kioskId = `cli-selftest-${process.pid}-${++counter}`;
  const dataDir = tempDir('kioskctl-selftest-');
  const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
  const result = await kioskctl([
    'register',
    '--token',
    token,
    '--central-url',
    sandbox.server.url,
    '--ca',
    sandbox.caFile,
    '--kiosk-id',
    kioskId,
    '--data-dir',
    dataDir,
  ]);
  expect(result.code, result.stderr).toBe(0);
  return dataDir;
}

function byCheck(lines: Record<string, unknown>[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(lines.filter((line) => typeof line.check === 'string').map((line) => [line.check as string, line]));
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kioskctl selftest', { timeout: 6 * BOUND_MS }, () => {
  it('passes on a registered kiosk with simulated devices: one line per check in order, then the summary; exit 0', async () => {
    const dataDir = await registeredKiosk();
    const result = await kioskctl(['selftest', '--data-dir', dataDir]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(result.stdout);
    expect(lines.slice(0, -1).map((line) => line.check)).toEqual(CHECKS);
    for (const line of lines.slice(0, -1)) expect(line, String(line.check)).toMatchObject({ status: 'pass', summary: expect.any(String) });
    expect(byCheck(lines)['central.reachable']).toMatchObject({ facts: { tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/) } });
    // The registration's audit record waits in the outbox: counted, not shown.
    expect(byCheck(lines).outbox).toMatchObject({ facts: { pending: 1, dead: 0 } });
    expect(lines.at(-1)).toEqual({ selftest: 'pass', pass: 9, warn: 0, fail: 0, skip: 0, dataDir, at: expect.any(String) });
  });

  it('fails fast with exit 1 when central refuses connections, and the central line says what to do', async () => {
    const dataDir = await registeredKiosk();
    await kioskctl(['config', 'set', 'centralUrl', `https://127.0.0.1:${await closedPort()}`, '--data-dir', dataDir]);
    // A 30 s timeout the run could never wait out within its 20 s bound: refused must not wait for it.
    const result = await kioskctl(['selftest', '--timeout', '30', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    const lines = byCheck(jsonLines(result.stdout));
    expect(lines['central.reachable']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('ECONNREFUSED'),
      action: expect.stringMatching(/network cable.*centralUrl.*kioskctl central test/),
      facts: { code: 'central.unreachable' },
    });
    expect(lines['central.clock']).toMatchObject({ status: 'skip' });
    expect(lines['central.certificate']).toMatchObject({ status: 'pass' });
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ selftest: 'fail', fail: 1, skip: 1 });
  });

  it('gives up on a central that never answers after --timeout, and says so', async () => {
    const dataDir = await registeredKiosk();
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await kioskctl(['config', 'set', 'centralUrl', `https://127.0.0.1:${(silent.address() as { port: number }).port}`, '--data-dir', dataDir]);
      const result = await kioskctl(['selftest', '--timeout', '1', '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      expect(byCheck(jsonLines(result.stdout))['central.reachable']).toMatchObject({
        status: 'fail',
        facts: { code: 'central.timeout' },
        action: expect.stringContaining('firewall'),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('probes real device assignments: a printer out of paper, a missing card reader, an unassigned fingerprint reader', async () => {
    const dataDir = await registeredKiosk();
    const out = join(dataDir, 'receipts');
    mkdirSync(out);
    const printer = new SimulatedPrinter({ outputDir: out });
    const { port } = await printer.listen(0, '127.0.0.1');
    try {
      const set = await kioskctl([
        'config',
        'set',
        'devices.printer',
        `tcp:127.0.0.1:${port}`,
        'devices.cardReader',
        'serial:/dev/kioskctl-no-such-reader',
        'devices.fingerprint',
        'none',
        '--data-dir',
        dataDir,
      ]);
      expect(set.code, set.stderr).toBe(0);
      const ready = byCheck(jsonLines((await kioskctl(['selftest', '--data-dir', dataDir])).stdout));
      expect(ready['device.printer']).toMatchObject({ status: 'pass', summary: expect.stringContaining('online with paper') });

      printer.setFault('paperOut', true);
      const result = await kioskctl(['selftest', '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      const lines = byCheck(jsonLines(result.stdout));
      expect(lines['device.printer']).toMatchObject({ status: 'fail', facts: { code: 'printer.paper_out' }, action: expect.stringContaining('paper roll') });
      expect(lines['device.cardReader']).toMatchObject({ status: 'fail', facts: { os: 'ENOENT' }, action: expect.stringContaining('not plugged in') });
      expect(lines['device.fingerprint']).toMatchObject({
        status: 'fail',
        summary: 'no fingerprint reader assigned',
        action: expect.stringContaining('config set devices.fingerprint'),
      });

      const probe = await kioskctl(['devices', 'probe', 'printer', '--data-dir', dataDir]);
      expect(probe.code).toBe(1);
      expect(JSON.parse(probe.stdout)).toEqual({ devices: [expect.objectContaining({ check: 'device.printer', status: 'fail' })] });
      expect((await kioskctl(['devices', 'probe', 'scanner', '--data-dir', dataDir])).code).toBe(2);
    } finally {
      await printer.close();
    }
  });

  it('fails the outbox line for dead-letter rows, with their reason', async () => {
    const dataDir = await registeredKiosk();
    const db = openKioskDatabase(kioskDatabasePath(dataDir));
    const outbox = new Outbox(db);
    outbox.enqueue({ stream: 'test', kind: 'heartbeat', idempotencyKey: 'selftest-dead-1', body: '{"synthetic":true}', keyId: null });
    let row = outbox.claim('test-worker', 60_000);
    while (row !== null && row.idempotencyKey !== 'selftest-dead-1') {
      outbox.retryLater(row.id, 'test-worker', { reason: 'test', retryAfterMs: 3_600_000 });
      row = outbox.claim('test-worker', 60_000);
    }
    outbox.deadLetter(row!.id, 'test-worker', 'central.problem.invalid_input');
    db.close();
    const result = await kioskctl(['selftest', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(byCheck(jsonLines(result.stdout)).outbox).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('central.problem.invalid_input'),
      action: expect.stringContaining('queue retry --dead'),
    });
  });

  it('on a kiosk that was never provisioned: the config line fails, every other check is skipped, exit 1', async () => {
    const dataDir = tempDir();
    const result = await kioskctl(['selftest', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines.slice(0, -1).map((line) => [line.check, line.status])).toEqual(CHECKS.map((check, i) => [check, i === 0 ? 'fail' : 'skip']));
    expect(lines[0]).toMatchObject({ action: expect.stringContaining('--data-dir') });
  });

  it('without central configured or registered, the central lines fail and say how to set it up', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'office', 'Oficina sin central', '--data-dir', dataDir]);
    const lines = byCheck(jsonLines((await kioskctl(['selftest', '--data-dir', dataDir])).stdout));
    expect(lines['central.reachable']).toMatchObject({ status: 'fail', action: expect.stringContaining('config set centralUrl') });
    expect(lines['central.certificate']).toMatchObject({ status: 'fail', action: expect.stringContaining('kioskctl register --token') });
  });
});
