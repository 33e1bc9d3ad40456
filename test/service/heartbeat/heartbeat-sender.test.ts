/**
 * The kiosk's heartbeat against a small real HTTPS central (mutual TLS,
 * throwaway CA), with a real SQLite kiosk database and the real central
 * client: the body per the wire contract, counters reset only on
 * acknowledgement, failures retried at the next tick with a fresh key, the
 * clock-skew estimate, and directives accepted only when signed for this
 * heartbeat. Time is the test's: the schedule is driven by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Schedule } from '../../../common/timers.ts';
import type { DeviceStatusReport, KioskReadiness } from '../../../electron/contract/index.ts';
import { CentralClient } from '../../../electron/service/central/index.ts';
import { heartbeatRequestSchema, type DirectivePayload, type HeartbeatRequest } from '../../../electron/service/central/heartbeat-contract.ts';
import { closeKioskDatabase, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { createKioskHeartbeat, type KioskHeartbeat } from '../../../electron/service/heartbeat/kiosk-heartbeat.ts';
import { PinGuard } from '../../../electron/service/maintenance/pin-guard.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { directivePayload, signDirective } from './directive-fixtures.ts';
import { startTestCentral, type TestCentral } from './heartbeat-https.ts';

const KIOSK_ID = 'kiosk-hb-01';
// The directive-signing certificate is valid around the real now; the test's clock starts there.
const T0 = Math.floor(Date.now() / 1000) * 1000;
let central: TestCentral;
let client: CentralClient;
let dataDir: string;
let db: KioskDatabase;
let nowMs: number;
let pending: { callback: () => void; ms: number } | null;
let heartbeat: KioskHeartbeat;
let connected: boolean;
let directives: DirectivePayload[];
let keys: string[];
let logLines: { event: string; fields: unknown }[];
const readiness: KioskReadiness = { readers: true, central: true, printer: true, outOfService: { reasons: [], office: null } };

const schedule: Schedule = (callback, ms) => {
  const entry = { callback, ms };
  pending = entry;
  return () => {
    if (pending === entry) pending = null;
  };
};

/** Runs the armed timer (moving the clock by its delay) and waits for that heartbeat to settle. */
async function tick(): Promise<number> {
  const armed = pending;
  if (armed === null) throw new Error('no heartbeat is scheduled');
  pending = null;
  nowMs += armed.ms;
  armed.callback();
  await heartbeat.sender.settled();
  return armed.ms;
}

function report(fingerprint: 'ready' | 'not-connected'): DeviceStatusReport {
  const role = (state: 'ready' | 'not-connected' | 'busy') => ({ state, driver: 'simulated', messageKey: 'devices.ready' });
  return {
    roles: { fingerprint: role(fingerprint), cardReader: role('ready'), printer: role('busy') },
    simulated: true,
    checkedAt: new Date(nowMs).toISOString(),
  };
}

function sessionEnded(id: string, outcome: string, endedAtMs: number): void {
  db.prepare('INSERT INTO sessions (id, mode, started_at, ended_at, outcome) VALUES (?, ?, ?, ?, ?)').run(
    id,
    'civil-digital',
    endedAtMs - 1000,
    endedAtMs,
    outcome,
  );
}

const lastBody = (): HeartbeatRequest => heartbeatRequestSchema.parse(central.received.at(-1)?.body);

beforeAll(async () => {
  central = await startTestCentral(KIOSK_ID);
  client = new CentralClient({ baseUrl: central.url, tls: central.client });
}, 30_000);

afterAll(async () => {
  await client?.close();
  await central?.close();
});

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-heartbeat-'));
  db = openKioskDatabase(kioskDatabasePath(dataDir));
  nowMs = T0;
  pending = null;
  connected = true;
  directives = [];
  keys = [];
  logLines = [];
  central.received.length = 0;
  central.answerWith({});
  let next = 0;
  heartbeat = createKioskHeartbeat({
    db,
    central: {
      credentials: () => (connected ? { caPem: central.client.ca, certificatePem: central.client.cert } : null),
      sendHeartbeat: async (body, key) => (await client.sendHeartbeat(body, { idempotencyKey: key, maxAttempts: 1 })).value,
    },
    kioskId: KIOSK_ID,
    version: '0.9.0',
    mode: 'civil-digital',
    intervalSeconds: 300,
    dataDir,
    now: () => nowMs,
    schedule,
    log: { log: (_level, event, fields) => logLines.push({ event, fields }) },
    outboxStats: () => new Outbox(db, { now: () => nowMs }).stats(nowMs),
    readiness: () => readiness,
    onDirective: (directive) => directives.push(directive),
    newKey: () => {
      next += 1;
      const key = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
      keys.push(key);
      return key;
    },
  });
});

afterEach(async () => {
  await heartbeat.sender.stop();
  closeKioskDatabase(db);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the heartbeat sender', () => {
  it('sends the first heartbeat within seconds of start, then one per interval, over mutual TLS with a fresh key each', async () => {
    heartbeat.sender.start();
    expect(await tick()).toBeLessThanOrEqual(5_000);
    expect(await tick()).toBe(300_000);
    expect(central.received.map((r) => r.key)).toEqual(keys);
    expect(new Set(keys).size).toBe(2);
    expect(central.received.every((r) => r.clientCertificateCn === KIOSK_ID)).toBe(true);
    expect(heartbeat.sender.status()).toMatchObject({
      lastSentAt: new Date(nowMs).toISOString(),
      lastAcknowledgedAt: new Date(nowMs).toISOString(),
      lastFailure: null,
    });
  });

  it('reports devices with the state’s start and last error, outbox, disk, certificate expiry and the out-of-service state', async () => {
    heartbeat.observeDevices(report('ready'));
    nowMs += 60_000;
    const unplugged = nowMs;
    heartbeat.observeDevices(report('not-connected'));
    heartbeat.sender.start();
    await tick();
    const body = lastBody();
    expect(body).toMatchObject({
      version: '0.9.0',
      mode: 'civil-digital',
      intervalSeconds: 300,
      clockSkewSeconds: null,
      outOfService: { active: false, reasons: [] },
    });
    expect(body.devices.fingerprint).toEqual({ state: 'not-connected', lastError: 'device.not-connected', since: new Date(unplugged).toISOString() });
    expect(body.devices.cardReader).toEqual({ state: 'ready', lastError: null, since: new Date(T0).toISOString() });
    expect(body.devices.printer.state).toBe('busy');
    expect(body.uptimeSeconds).toBe(Math.floor((nowMs - T0) / 1000));
    expect(body.outbox).toEqual({ pending: 0, oldestAgeSeconds: null, dead: 0 });
    expect(body.disk.totalBytes).toBeGreaterThan(0);
    expect(body.disk.freeBytes).toBeLessThanOrEqual(body.disk.totalBytes);
    expect(Date.parse(body.certificateNotAfter)).toBeGreaterThan(T0);
  });

  it('counts session outcomes and technician lockouts until central acknowledges them, and only those it acknowledged', async () => {
    sessionEnded('s1', 'completed', T0 - 50_000);
    sessionEnded('s2', 'completed', T0 - 40_000);
    sessionEnded('s3', 'cancelled', T0 - 30_000);
    const guard = new PinGuard(db, { maxAttempts: 1 });
    guard.begin(T0 - 20_000);
    expect(guard.failed(T0 - 20_000).lockedUntil).not.toBeNull();
    heartbeat.sender.start();

    central.answerWith({ status: 503 });
    await tick();
    expect(lastBody()).toMatchObject({ sessions: { completed: 2, cancelled: 1 }, technicianLockouts: 1 });
    expect(heartbeat.sender.status().lastFailure).toBe('central.unavailable');
    expect(logLines.find((l) => l.event === 'heartbeat.failed')?.fields).toMatchObject({ code: 'central.unavailable' });

    // Not acknowledged: the next heartbeat carries the same counts (and what happened since), under a new key.
    sessionEnded('s4', 'timed-out', nowMs + 1000);
    central.answerWith({});
    await tick();
    expect(lastBody()).toMatchObject({ sessions: { completed: 2, cancelled: 1, 'timed-out': 1 }, technicianLockouts: 1 });
    expect(central.received[0]?.key).not.toBe(central.received[1]?.key);

    sessionEnded('s5', 'completed', nowMs + 1000);
    await tick();
    expect(lastBody()).toMatchObject({ sessions: { completed: 1 }, technicianLockouts: 0 });
    await tick();
    expect(lastBody()).toMatchObject({ sessions: {}, technicianLockouts: 0 });
  });

  it('estimates the clock skew from central’s receivedAt and sends it with the next heartbeat', async () => {
    heartbeat.sender.start();
    central.answerWith({ receivedAt: new Date(T0 - 90_000).toISOString() });
    await tick();
    expect(lastBody().clockSkewSeconds).toBeNull();
    const first = nowMs;
    central.answerWith({ receivedAt: new Date(nowMs + 300_000).toISOString() });
    await tick();
    expect(lastBody().clockSkewSeconds).toBeCloseTo((first - (T0 - 90_000)) / 1000, 3);
    expect(heartbeat.sender.status().clockSkewSeconds).toBe(0);
  });

  it('keeps central’s alerts for the technician', async () => {
    const alerts = [{ code: 'dead_letters' as const, detail: '3', since: '2026-12-07T09:00:00.000Z' }];
    central.answerWith({ alerts });
    heartbeat.sender.start();
    await tick();
    expect(heartbeat.sender.status().alerts).toEqual(alerts);
  });

  it('sends nothing while central is not connected, and says so; central reached → the next one comes within seconds', async () => {
    connected = false;
    heartbeat.sender.start();
    await tick();
    expect(central.received).toHaveLength(0);
    expect(heartbeat.sender.status().lastFailure).toBe('heartbeat.central_not_connected');
    expect(pending?.ms).toBe(300_000);
    connected = true;
    heartbeat.sender.centralReached();
    expect(await tick()).toBeLessThanOrEqual(5_000);
    expect(central.received).toHaveLength(1);
  });

  it('accepts a directive signed for this heartbeat, keeps it in the database, and ignores a replayed one', async () => {
    const office = 'Oficina del Registro Civil, Av. Ejemplo 123';
    central.answerWith({ directive: (key) => signDirective(central.signer, directivePayload({ kioskId: KIOSK_ID, heartbeatKey: key, office })) });
    heartbeat.sender.start();
    await tick();
    expect(directives).toEqual([expect.objectContaining({ outOfService: true, office, heartbeatKey: keys[0] })]);
    expect(heartbeat.store.directive()).toEqual(directives[0]);

    // The same signed answer again, as an attacker who recorded it would send it: refused, state kept.
    const recorded = signDirective(central.signer, directivePayload({ kioskId: KIOSK_ID, heartbeatKey: keys[0]!, outOfService: false }));
    central.answerWith({ directive: () => recorded });
    await tick();
    expect(directives).toHaveLength(1);
    expect(heartbeat.store.directive()?.outOfService).toBe(true);
    expect(logLines.filter((l) => l.event === 'heartbeat.directive_refused').map((l) => l.fields)).toEqual([{ code: 'directive.replayed' }]);
    expect(JSON.stringify(logLines)).not.toContain(office);
  });
});
