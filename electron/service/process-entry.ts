/**
 * Entry point of the kiosk service process. In the packaged app Electron
 * starts it with utilityProcess.fork (messages over process.parentPort); the
 * browser host starts it with child_process.fork (messages over process.send).
 * Either way a crash here takes down only this process, and the host restarts it.
 *
 * Start-up order: the configuration is resolved first (it decides what the
 * hosts offer, and a bad one exits 78 before anything else), then `ready` is
 * announced, and only then are the service's own modules loaded and built
 * (the central link alone, with its X.509 and TLS libraries, took ~0.4 s to
 * import). Commands that arrive meanwhile wait in order and are answered as
 * soon as the service exists, within the host's command timeout: the host
 * serves the page while the service finishes starting.
 */
import { type EventPayload, HostToServiceSchema, type ServiceToHost } from '../contract/index.ts';
import { readFileSync } from 'node:fs';
import { resolveServiceConfig } from './config/kiosk-config.ts';
import { ConfigError, dataDirFromEnv, type ServiceConfig } from './config/service-config.ts';
import { closeKioskDatabase, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from './db/database.ts';
import type { KioskCentralLink } from './central/central-link.ts';
import type { KioskService } from './kiosk-service-api.ts';
import { type ExposedGc, idleCollection } from './idle-collection.ts';
import { glibcMallocTrim } from './native-heap.ts';
import { createLogger, logLevelFromEnv } from '../../common/log.ts';

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

type PortLink = { send(message: ServiceToHost): void; onMessage(listener: (message: unknown) => void): void };

function parentLink(): PortLink {
  const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (electronPort) {
    return { send: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on('message', (e) => l(e.data)) };
  }
  if (process.send) {
    const send = process.send.bind(process);
    // An event or answer may still be on its way while the host goes away: without the callback a send on a
    // closed channel is an uncaught 'error' that kills the service before it has closed its database.
    return { send: (m) => void (process.connected && send(m, undefined, {}, () => undefined)), onMessage: (l) => process.on('message', l) };
  }
  throw new Error('the kiosk service must be started by a host (utilityProcess or child_process.fork)');
}

const log = createLogger((line) => process.stderr.write(line), 'service', logLevelFromEnv(process.env.KIOSK_LOG_LEVEL));
const link = parentLink();

let config: ServiceConfig;
let db: KioskDatabase;
try {
  const dataDir = dataDirFromEnv(process.env);
  db = openKioskDatabase(kioskDatabasePath(dataDir));
  const resolved = resolveServiceConfig({ env: process.env, db, dataDir });
  config = resolved.config;
  if (resolved.source.overriddenFields.length > 0) log.log('info', 'config.env_overrides', { fields: resolved.source.overriddenFields.join(',') });
} catch (error) {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof ConfigError) log.log('error', 'config.invalid', { field: error.field, reason: error.message });
  else log.log('error', 'config.unusable', { code: typeof code === 'string' ? code : 'unknown', error: error instanceof Error ? error.name : 'unknown' });
  // 78 = EX_CONFIG: the host does not restart a service whose configuration (or database) is unusable.
  process.exit(78);
}

/** Set once the service's modules are loaded and it is built; null before (and if the host went away first). */
let built: Promise<KioskService> | null = null;
let service: KioskService | null = null;
/** Messages from the host that arrived before the service was built, in order. */
const waiting: unknown[] = [];

let stopping: Promise<void> | null = null;
/** Every clean stop (the host's shutdown, the host gone, SIGTERM/SIGINT) closes devices, then checkpoints and closes the database. */
function stop(reason: string): Promise<void> {
  stopping ??= (async () => {
    log.log('info', 'service.stopping', { reason });
    try {
      // A stop while the service is still being built waits for it, so what it started (devices, workers) is closed too.
      await (built ?? Promise.resolve(null)).then((running) => running?.close());
    } finally {
      closeKioskDatabase(db);
    }
    process.exit(0);
  })();
  return stopping;
}

function handle(raw: unknown): void {
  const message = HostToServiceSchema.safeParse(raw);
  if (!message.success) {
    log.log('warn', 'link.malformed_message');
    return;
  }
  if (message.data.type === 'shutdown') {
    void stop('shutdown');
    return;
  }
  if (service === null) {
    waiting.push(raw);
    return;
  }
  const { id, command, payload } = message.data;
  void service.handle(command, payload).then((result) => link.send({ type: 'result', id, result }));
}

link.onMessage(handle);
// A host that dies (even SIGKILLed: its end of the channel closes with it) must not leave an orphaned service holding the devices.
process.on('disconnect', () => void stop('host_gone'));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));

log.log('info', 'service.ready', { kioskId: config.kioskId, mode: config.mode, simulatedDevices: config.simulatedDevices });
link.send({ type: 'ready', simulatedDevices: config.simulatedDevices, updates: { ...config.updates, timeZone: config.timeZone } });

// The host may have gone while the service was starting, before the listeners above existed.
if (process.send !== undefined && !process.connected) void stop('host_gone');
else built = buildService(config);
service = await built;
for (const raw of waiting.splice(0)) handle(raw);

async function buildService(resolved: ServiceConfig): Promise<KioskService> {
  const [{ KioskCentralLink: CentralLink }, { createKioskService }] = await Promise.all([import('./central/central-link.ts'), import('./kiosk-service.ts')]);
  let central: KioskCentralLink | null = null;
  if (resolved.centralUrl !== undefined && resolved.centralCaFile !== undefined) {
    let caCertificatePem: string | null = null;
    try {
      caCertificatePem = readFileSync(resolved.centralCaFile, 'utf8');
    } catch {
      log.log('error', 'central.ca_unreadable', { field: 'centralCaFile' });
    }
    // Registration and the first connection run in the background: the kiosk answers without central.
    if (caCertificatePem !== null) {
      central = new CentralLink({
        dataDir: resolved.dataDir,
        centralUrl: resolved.centralUrl,
        caCertificatePem,
        kioskId: resolved.kioskId,
        ...(resolved.centralRegistrationToken !== undefined && { registrationToken: resolved.centralRegistrationToken }),
        operationTimeoutMs: resolved.stepTimeouts.centralSeconds * 1000,
        log,
      });
    }
  }
  // The last-resort collection between citizens (idle-collection.ts): sessions and idle deliveries start its rest.
  const collection = idleCollection({
    gc: (globalThis as { gc?: ExposedGc }).gc,
    releaseFreeHeap: glibcMallocTrim((reason) => log.log('warn', 'service.heap_release_unavailable', { reason })),
  });
  const created = createKioskService({
    config: resolved,
    onBackgroundWork: () => collection.workDone(),
    db,
    central,
    log,
    version: process.env.KIOSK_VERSION ?? '0.0.0-dev',
    // A technician's restart has closed the service already; the database is the entry's to close.
    requestExit: (code) => {
      closeKioskDatabase(db);
      process.exit(code);
    },
  });
  created.onEvent((event, payload) => link.send({ type: 'event', event, payload }));
  created.onEvent((event, payload) => {
    if (event === 'session.snapshot') collection.stepSeen((payload as EventPayload<'session.snapshot'>).step);
  });
  return created;
}
