/**
 * Entry point of the kiosk service process. In the packaged app Electron
 * starts it with utilityProcess.fork (messages over process.parentPort); the
 * browser host starts it with child_process.fork (messages over process.send).
 * Either way a crash here takes down only this process, and the host restarts it.
 */
import { type EventPayload, HostToServiceSchema, type ServiceToHost } from '../contract/index.ts';
import { readFileSync } from 'node:fs';
import { KioskCentralLink } from './central/central-link.ts';
import { resolveServiceConfig } from './config/kiosk-config.ts';
import { ConfigError, dataDirFromEnv } from './config/service-config.ts';
import { closeKioskDatabase, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from './db/database.ts';
import { createKioskService } from './kiosk-service.ts';
import { idleCollection } from './idle-collection.ts';
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

let config;
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

let central: KioskCentralLink | null = null;
if (config.centralUrl !== undefined && config.centralCaFile !== undefined) {
  let caCertificatePem: string | null = null;
  try {
    caCertificatePem = readFileSync(config.centralCaFile, 'utf8');
  } catch {
    log.log('error', 'central.ca_unreadable', { field: 'centralCaFile' });
  }
  // Registration and the first connection run in the background: the kiosk answers without central.
  if (caCertificatePem !== null) {
    central = new KioskCentralLink({
      dataDir: config.dataDir,
      centralUrl: config.centralUrl,
      caCertificatePem,
      kioskId: config.kioskId,
      ...(config.centralRegistrationToken !== undefined && { registrationToken: config.centralRegistrationToken }),
      operationTimeoutMs: config.stepTimeouts.centralSeconds * 1000,
      log,
    });
  }
}

const service = createKioskService({
  config,
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

let stopping: Promise<void> | null = null;
/** Every clean stop (the host's shutdown, the host gone, SIGTERM/SIGINT) closes devices, then checkpoints and closes the database. */
function stop(reason: string): Promise<void> {
  stopping ??= (async () => {
    log.log('info', 'service.stopping', { reason });
    try {
      await service.close();
    } finally {
      closeKioskDatabase(db);
    }
    process.exit(0);
  })();
  return stopping;
}

service.onEvent((event, payload) => link.send({ type: 'event', event, payload }));
const sessionStepSeen = idleCollection({ gc: (globalThis as { gc?: () => void }).gc });
service.onEvent((event, payload) => {
  if (event === 'session.snapshot') sessionStepSeen((payload as EventPayload<'session.snapshot'>).step);
});

link.onMessage((raw) => {
  const message = HostToServiceSchema.safeParse(raw);
  if (!message.success) {
    log.log('warn', 'link.malformed_message');
    return;
  }
  if (message.data.type === 'shutdown') {
    void stop('shutdown');
    return;
  }
  const { id, command, payload } = message.data;
  void service.handle(command, payload).then((result) => link.send({ type: 'result', id, result }));
});

// A host that dies (even SIGKILLed: its end of the channel closes with it) must not leave an orphaned service holding the devices.
process.on('disconnect', () => void stop('host_gone'));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
// The host may have gone while the service was starting, before the listener above existed.
if (process.send !== undefined && !process.connected) void stop('host_gone');

log.log('info', 'service.ready', { kioskId: config.kioskId, mode: config.mode, simulatedDevices: config.simulatedDevices });
link.send({ type: 'ready', simulatedDevices: config.simulatedDevices, updates: { ...config.updates, timeZone: config.timeZone } });
