/**
 * Central's directive through the whole kiosk service: the real service
 * (SQLite database, session runner) with a central link that sends its
 * heartbeats to the small real HTTPS central of heartbeat-https.ts. A signed
 * directive puts the kiosk out of service at the next welcome (a session in
 * progress carries on), with central's office; it survives a restart; lifting
 * it brings the kiosk back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../common/log.ts';
import type { Schedule } from '../../../common/timers.ts';
import type { SessionSnapshot } from '../../../electron/contract/index.ts';
import type { CentralLink } from '../../../electron/service/central/central-port.ts';
import { CentralClient } from '../../../electron/service/central/index.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';
import { createKioskService, type KioskService } from '../../../electron/service/kiosk-service.ts';
import { directivePayload, signDirective } from './directive-fixtures.ts';
import { startTestCentral, type TestCentral } from './heartbeat-https.ts';

const KIOSK_ID = 'kiosk-hb-01';
const OFFICE = 'Municipalidad de Ejemplo, Calle Uno 1';
const NO_DEVICES = { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } } as const;
let central: TestCentral;
let client: CentralClient;
let dataDir: string;

beforeAll(async () => {
  central = await startTestCentral(KIOSK_ID);
  client = new CentralClient({ baseUrl: central.url, tls: central.client });
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-oos-'));
}, 30_000);

afterAll(async () => {
  await client?.close();
  await central?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function link(): CentralLink {
  return {
    enrollment: () => null,
    sealingKey: () => null,
    deliver: async () => ({ type: 'retry', reason: 'central.not_connected' }),
    onOnline: () => () => undefined,
    knownUnreachable: () => false,
    onReachabilityChange: () => () => undefined,
    credentials: () => ({ caPem: central.client.ca, certificatePem: central.client.cert }),
    sendHeartbeat: async (body, key) => (await client.sendHeartbeat(body, { idempotencyKey: key, maxAttempts: 1 })).value,
    close: async () => undefined,
  };
}

/** A service whose heartbeat timer the test fires; `beat()` runs the armed one and waits for its answer to be applied. */
function startService(): { service: KioskService; beat: () => Promise<void>; snapshots: SessionSnapshot[] } {
  let armed: (() => void) | null = null;
  const schedule: Schedule = (callback) => {
    armed = callback;
    return () => (armed = null);
  };
  const before = central.received.length;
  const snapshots: SessionSnapshot[] = [];
  const service = createKioskService({
    config: { ...DEFAULT_SERVICE_CONFIG, kioskId: KIOSK_ID, devices: NO_DEVICES, dataDir, outOfServiceOffice: 'Oficina configurada, Av. Ejemplo 123' },
    log: createLogger(() => undefined, 'test'),
    version: '0.9.0',
    central: link(),
    heartbeat: { schedule },
  });
  service.onEvent((event, payload) => {
    if (event === 'session.snapshot') snapshots.push(payload as SessionSnapshot);
  });
  let sent = before;
  const beat = async () => {
    const fire = armed;
    if (fire === null) throw new Error('no heartbeat is scheduled');
    armed = null;
    fire();
    sent += 1;
    // The answer is applied once the next heartbeat is armed.
    await expect.poll(() => armed !== null && central.received.length === sent, { timeout: 10_000 }).toBe(true);
  };
  return { service, beat, snapshots };
}

const snapshot = async (service: KioskService) => {
  const result = await service.handle('session.snapshot', undefined);
  if (!result.ok) throw new Error(result.error.code);
  return result.value as SessionSnapshot;
};

describe('a directive from central', () => {
  it('takes the kiosk out of service at the next welcome, not in the middle of a session, and survives a restart until lifted', async () => {
    const first = startService();
    const started = await first.service.handle('session.start', { language: 'es-CL' });
    expect(started).toMatchObject({ ok: true, value: { step: 'welcome' } });

    central.answerWith({ directive: (key) => signDirective(central.signer, directivePayload({ kioskId: KIOSK_ID, heartbeatKey: key, office: OFFICE })) });
    await first.beat();
    // The citizen at the kiosk carries on.
    expect((await snapshot(first.service)).step).toBe('welcome');
    expect((await snapshot(first.service)).readiness.outOfService).toEqual({ reasons: ['directive'], office: OFFICE });
    expect(first.snapshots.at(-1)?.readiness.outOfService.reasons).toEqual(['directive']);
    await first.service.handle('session.cancel', undefined);
    expect((await snapshot(first.service)).step).toBe('idle');
    expect(await first.service.handle('session.start', { language: 'es-CL' })).toMatchObject({ ok: false, error: { code: 'session.out_of_service' } });
    await first.service.close();

    // Restarted while central is not answering: still out of service.
    central.answerWith({ status: 503 });
    const second = startService();
    expect((await snapshot(second.service)).readiness.outOfService).toEqual({ reasons: ['directive'], office: OFFICE });
    await second.beat();
    expect((await snapshot(second.service)).readiness.outOfService.reasons).toEqual(['directive']);

    // Lifted: back in service by itself, without a restart.
    central.answerWith({
      directive: (key) => signDirective(central.signer, directivePayload({ kioskId: KIOSK_ID, heartbeatKey: key, outOfService: false, office: null })),
    });
    await second.beat();
    expect((await snapshot(second.service)).readiness.outOfService).toEqual({ reasons: [], office: null });
    expect(second.snapshots.at(-1)?.readiness.outOfService.reasons).toEqual([]);
    expect(await second.service.handle('session.start', { language: 'es-CL' })).toMatchObject({ ok: true });
    await second.service.close();
  });

  it('is ignored when it is for another kiosk: the kiosk keeps its state', async () => {
    const { service, beat } = startService();
    central.answerWith({ directive: (key) => signDirective(central.signer, directivePayload({ kioskId: 'kiosk-other', heartbeatKey: key })) });
    await beat();
    expect((await snapshot(service)).readiness.outOfService.reasons).toEqual([]);
    await service.close();
  });
});
