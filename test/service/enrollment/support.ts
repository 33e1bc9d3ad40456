/**
 * End-to-end harness for the kiosk service in Node: a real central sandbox
 * over HTTPS + mTLS (seeded registry, real matcher), a kiosk service with
 * simulated devices and its own SQLite database, registered with a one-time
 * token through the real central link. Tests drive it through the contract's
 * handler table, as the renderer would, and the dev.* commands.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain } from '../../../central/domain/index.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import type { KioskMode, SessionEvent, SessionSnapshot, SessionStep } from '../../../electron/contract/index.ts';
import { KioskCentralLink } from '../../../electron/service/central/central-link.ts';
import { DEFAULT_SERVICE_CONFIG, type ServiceConfig } from '../../../electron/service/config/service-config.ts';
import { createKioskService, type KioskService, type KioskServiceDeps } from '../../../electron/service/kiosk-service.ts';
import { createLogger } from '../../../common/log.ts';
import { cheapHasher, seededDatabasePath } from '../../central/domain/support.ts';

const dirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Sandbox {
  readonly server: CentralServer;
  readonly db: CentralDatabase;
  readonly caFile: string;
  close(): Promise<void>;
}

/** `clock`: central's own time (the benchmark runs it fast so rate limits do not throttle a thousand sessions). */
export async function startSandbox(options: { clock?: () => number } = {}): Promise<Sandbox> {
  const db = openCentralDatabase(seededDatabasePath());
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(9), hasher: cheapHasher, ...(options.clock && { clock: options.clock }) });
  const server = await startCentralServer({
    dataDir: tempDir('central-e2e-'),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: true, hpke: pki.hpke }),
  });
  const caFile = join(tempDir('central-ca-'), 'ca.pem');
  writeFileSync(caFile, server.pki.ca.pem);
  return {
    server,
    db,
    caFile,
    async close() {
      await server.close();
      db.close();
    },
  };
}

export interface KioskUnderTest {
  readonly service: KioskService;
  readonly link: KioskCentralLink;
  readonly config: ServiceConfig;
  readonly logLines: string[];
  readonly snapshots: SessionSnapshot[];
  command(name: string, payload?: unknown): Promise<unknown>;
  send(event: SessionEvent): Promise<SessionSnapshot>;
  waitForStep(step: SessionStep, timeoutMs?: number): Promise<SessionSnapshot>;
  close(): Promise<void>;
}

let kioskCounter = 0;

export async function startKioskService(
  sandbox: Sandbox,
  mode: KioskMode,
  overrides: Partial<ServiceConfig> = {},
  deps: Pick<KioskServiceDeps, 'onBackgroundWork'> = {},
): Promise<KioskUnderTest> {
  const kioskId = `e2e-kiosk-${process.pid}-${++kioskCounter}`;
  const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
  const config: ServiceConfig = {
    ...DEFAULT_SERVICE_CONFIG,
    kioskId,
    mode,
    dataDir: tempDir('kiosk-e2e-'),
    centralUrl: sandbox.server.url,
    centralCaFile: sandbox.caFile,
    ...overrides,
  };
  const logLines: string[] = [];
  const log = createLogger((line) => logLines.push(line), 'service');
  const link = new KioskCentralLink({
    dataDir: config.dataDir,
    centralUrl: sandbox.server.url,
    caCertificatePem: sandbox.server.pki.ca.pem,
    kioskId,
    registrationToken: token,
    operationTimeoutMs: config.stepTimeouts.centralSeconds * 1000,
    log,
    retryMinMs: 200,
  });
  await link.whenSettled();
  const service = createKioskService({ config, log, version: 'e2e', central: link, ...deps });
  const snapshots: SessionSnapshot[] = [];
  const waiters = new Set<() => void>();
  service.onEvent((event, payload) => {
    if (event !== 'session.snapshot') return;
    snapshots.push(payload as SessionSnapshot);
    for (const wake of [...waiters]) wake();
  });
  const latest = () => snapshots.at(-1);
  const kiosk: KioskUnderTest = {
    service,
    link,
    config,
    logLines,
    snapshots,
    async command(name, payload) {
      const result = (await service.handle(name, payload)) as { ok: boolean; value?: unknown; error?: { code: string } };
      if (!result.ok) throw new Error(`${name} refused: ${result.error?.code}`);
      return result.value;
    },
    async send(event) {
      return (await kiosk.command('session.send', event)) as SessionSnapshot;
    },
    waitForStep(step, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const snapshot = latest();
          if (snapshot?.step !== step) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(snapshot);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`step ${step} not reached; last: ${latest()?.step} ${latest()?.failure ?? ''} ${latest()?.error?.code ?? ''}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      await service.close();
    },
  };
  // A kiosk offers "Start" once its devices are up; so do the tests.
  const until = Date.now() + 20_000;
  for (;;) {
    const status = (await kiosk.command('devices.status')) as { roles: Record<string, { state: string }> };
    if (Object.values(status.roles).every((r) => r.state === 'ready')) break;
    if (Date.now() > until) throw new Error(`devices not ready: ${JSON.stringify(status.roles)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return kiosk;
}

/** welcome → consent → card, ready for a card. */
export async function toCardStep(kiosk: KioskUnderTest, language: 'es-CL' | 'en' | 'ht' = 'es-CL'): Promise<void> {
  await kiosk.command('session.start', { language });
  await kiosk.send({ type: 'continue' });
  await kiosk.send({ type: 'consent.accept' });
  await kiosk.waitForStep('card');
}

/** Presents the citizen's card and finger; resolves when the session has left the finger step. */
export async function presentCardAndFinger(kiosk: KioskUnderTest, run: string, finger: { run?: string; quality?: number } = {}): Promise<void> {
  await kiosk.command('dev.insertCard', { run, format: 'both' });
  await kiosk.waitForStep('finger');
  await kiosk.command('dev.placeFinger', { run: finger.run ?? run, ...(finger.quality !== undefined && { quality: finger.quality }) });
}
