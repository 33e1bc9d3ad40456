/**
 * Entry point of the kiosk service process. In the packaged app Electron
 * starts it with utilityProcess.fork (messages over process.parentPort); the
 * browser host starts it with child_process.fork (messages over process.send).
 * Either way a crash here takes down only this process, and the host restarts it.
 */
import { HostToServiceSchema, type ServiceToHost } from '../contract/index.ts';
import { connectToCentral } from './central/central-startup.ts';
import { configFromEnv, ConfigError } from './config/service-config.ts';
import { createKioskService } from './kiosk-service.ts';
import { createLogger, logLevelFromEnv } from './log.ts';

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
    return { send: (m) => void send(m), onMessage: (l) => process.on('message', l) };
  }
  throw new Error('the kiosk service must be started by a host (utilityProcess or child_process.fork)');
}

const log = createLogger((line) => process.stderr.write(line), 'service', logLevelFromEnv(process.env.KIOSK_LOG_LEVEL));
const link = parentLink();

let config;
try {
  config = configFromEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError) log.log('error', 'config.invalid', { field: error.field, reason: error.message });
  // 78 = EX_CONFIG: the host does not restart a service whose configuration is wrong.
  process.exit(78);
}

const service = createKioskService({
  config,
  log,
  version: process.env.KIOSK_VERSION ?? '0.0.0-dev',
  requestExit: (code) => process.exit(code),
});

service.onEvent((event, payload) => link.send({ type: 'event', event, payload }));

link.onMessage((raw) => {
  const message = HostToServiceSchema.safeParse(raw);
  if (!message.success) {
    log.log('warn', 'link.malformed_message');
    return;
  }
  if (message.data.type === 'shutdown') {
    void service.close().finally(() => process.exit(0));
    return;
  }
  const { id, command, payload } = message.data;
  void service.handle(command, payload).then((result) => link.send({ type: 'result', id, result }));
});

// A host that dies must not leave an orphaned service holding the devices.
process.on('disconnect', () => {
  void service.close().finally(() => process.exit(0));
});

log.log('info', 'service.ready', { kioskId: config.kioskId, mode: config.mode, simulatedDevices: config.simulatedDevices });
link.send({ type: 'ready' });

// Registration with central runs in the background: the kiosk answers without it (sessions do not use central yet).
if (config.centralUrl !== undefined) void connectToCentral(config, log);
