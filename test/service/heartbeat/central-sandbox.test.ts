/**
 * The kiosk's heartbeat against the real central sandbox: the kiosk service
 * with its real central link (registration with a one-time token, mutual
 * TLS) sends its heartbeat to central's POST /v1/heartbeats; an operator
 * (an admin certificate) sets the kiosk out of service with an office; the
 * kiosk's next heartbeat brings the signed directive, which the kiosk
 * verifies against the CA it registered with and obeys at the welcome;
 * lifted, the kiosk is back in service. Central's fleet view shows what the
 * kiosk reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../common/log.ts';
import type { Schedule } from '../../../common/timers.ts';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import { kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import type { SessionSnapshot } from '../../../electron/contract/index.ts';
import { KioskCentralLink } from '../../../electron/service/central/central-link.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';
import { createKioskService, type KioskService } from '../../../electron/service/kiosk-service.ts';
import { cheapHasher, removeTempDirs, tempDir } from '../../central/domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir } from '../../central/server/https-client.ts';

const KIOSK_ID = 'kiosk-hb-int-01';
const OFFICE = 'Oficina del Registro Civil, Av. Ejemplo 123';
const NO_DEVICES = { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } } as const;

let db: CentralDatabase;
let domain: CentralDomain;
let server: CentralServer;
let admin: ReturnType<typeof kioskTlsOptions>;
let dataDir: string;
let service: KioskService;
let armed: (() => void) | null = null;
let heartbeats = 0;

const schedule: Schedule = (callback) => {
  armed = callback;
  return () => (armed = null);
};

beforeAll(async () => {
  db = openCentralDatabase(join(tempDir(), 'central.db'));
  domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(3), clock: () => Date.now(), hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, directiveSigner: pki.directive }),
  });
  admin = kioskTlsOptions(await registerKiosk(server, 'admin-ops-01'));
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-hb-int-'));
  const log = createLogger(() => undefined, 'test');
  const link = new KioskCentralLink({
    dataDir,
    centralUrl: server.url,
    caCertificatePem: server.pki.ca.pem,
    kioskId: KIOSK_ID,
    registrationToken: server.authority.issueRegistrationToken(KIOSK_ID).token,
    operationTimeoutMs: 10_000,
    log,
  });
  await link.whenSettled();
  service = createKioskService({
    config: { ...DEFAULT_SERVICE_CONFIG, kioskId: KIOSK_ID, devices: NO_DEVICES, dataDir },
    log,
    version: '0.9.0',
    central: link,
    heartbeat: { schedule },
  });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await server?.close();
  db?.close();
  rmSync(dataDir, { recursive: true, force: true });
  removeTempDirs();
});

/** Fires the armed heartbeat and waits until central has it and its answer is applied (the next one is armed). */
async function beat(): Promise<void> {
  const fire = armed;
  if (fire === null) throw new Error('no heartbeat is scheduled');
  armed = null;
  fire();
  heartbeats += 1;
  await expect.poll(() => armed !== null && receivedHeartbeats() === heartbeats, { timeout: 15_000 }).toBe(true);
}

function receivedHeartbeats(): number {
  return (db.prepare('SELECT count(*) AS n FROM kiosk_heartbeats WHERE kiosk_id = ?').get(KIOSK_ID) as { n: number }).n;
}

async function fleet(): Promise<{ kiosks: { id: string; version: string | null; mode: string | null; outOfService: boolean }[] }> {
  const result = await httpsCall(server, { method: 'GET', path: '/admin/kiosks.json', headers: {}, tls: admin });
  expect(result.status).toBe(200);
  return result.json as never;
}

async function setService(body: unknown): Promise<void> {
  const result = await httpsCall(server, {
    method: 'POST',
    path: `/v1/admin/kiosks/${KIOSK_ID}/service`,
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
    tls: admin,
  });
  expect(result.status).toBe(200);
}

const readiness = async () => {
  const result = await service.handle('session.snapshot', undefined);
  if (!result.ok) throw new Error(result.error.code);
  return (result.value as SessionSnapshot).readiness;
};

describe('heartbeats to the real central sandbox', () => {
  it('are acknowledged and show in the fleet view; an operator’s signed directive takes the kiosk out of service and back', async () => {
    await beat();
    const [listed] = (await fleet()).kiosks.filter((k) => k.id === KIOSK_ID);
    expect(listed).toMatchObject({ version: '0.9.0', mode: 'civil-digital', outOfService: false });

    await setService({ outOfService: true, office: OFFICE, reason: 'Mantención' });
    await beat();
    expect(await readiness()).toMatchObject({ outOfService: { reasons: ['directive'], office: OFFICE } });
    expect(await service.handle('session.start', { language: 'es-CL' })).toMatchObject({ ok: false, error: { code: 'session.out_of_service' } });
    // The kiosk reports its new state with the next heartbeat.
    await beat();
    expect((await fleet()).kiosks.find((k) => k.id === KIOSK_ID)?.outOfService).toBe(true);

    await setService({ outOfService: false });
    await beat();
    expect((await readiness()).outOfService).toEqual({ reasons: [], office: null });
    expect(await service.handle('session.start', { language: 'es-CL' })).toMatchObject({ ok: true });
    await service.handle('session.cancel', undefined);
  });
});
