/**
 * `npm start` without an Electron binary lands here: the kiosk service in a
 * child process, the renderer on loopback, and (when there is a display) a
 * Chromium kiosk window on it. Runs until SIGINT/SIGTERM, then stops cleanly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configFromEnv, ConfigError, dataDirFromEnv } from '../../service/config/service-config.ts';
import { createLogger, logLevelFromEnv } from '../../../common/log.ts';
import { type KioskCentral, startKioskCentral } from './central-choice.ts';
import { compileCacheEnv } from './compile-cache.ts';
import { findChromium, type KioskWindow, openKioskWindow, parseWindowSize } from './chromium.ts';
import { type BrowserHost, startBrowserHost } from './host.ts';
import { createLaunchPage } from './launch-page.ts';
import { assertPortFree, isAddressInUse, PortInUse } from './port-check.ts';
import { planSampleRelyingParty, sampleProvider, type SampleRelyingParty, startSampleRelyingParty } from './sample-relying-party.ts';
import { childProcessServiceLink } from './service-link.ts';
import { systemScheduler } from '../../host/scheduler.ts';
import { createSystemdNotifier } from '../../host/systemd-notify.ts';
import { createSystemdWatchdog, serviceAnswers, type SystemdWatchdog, watchdogFromEnv } from '../../host/systemd-watchdog.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Every child below (central, the sign-in sample, the service and its restarts) inherits it.
Object.assign(process.env, compileCacheEnv(process.env, repoRoot));
const log = createLogger((line) => process.stderr.write(line), 'browser-host', logLevelFromEnv(process.env.KIOSK_LOG_LEVEL));

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    open: { type: 'boolean', default: true },
    'no-open': { type: 'boolean', default: false },
  },
});

const portText = args.port ?? process.env.KIOSK_PORT ?? '5174';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`KIOSK_PORT / --port must be a port number (0-65535), got "${portText}"\n`);
  process.exit(64);
}

// Only the kiosk id comes from here: developer affordances follow the service's resolved configuration (below).
let kioskId: string;
try {
  ({ kioskId } = configFromEnv(process.env));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(78);
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
// The data directory kioskctl finds too: KIOSK_DATA_DIR, else the checkout's git-ignored .kiosk-data.
const kioskDataDir = resolve(dataDirFromEnv(process.env));

const HOST_ADDRESS = '127.0.0.1';
/** EX_UNAVAILABLE (sysexits.h): the kiosk's address is taken. */
const EX_UNAVAILABLE = 69;
// Before any child starts: a taken port then leaves nothing behind.
try {
  await assertPortFree(port, HOST_ADDRESS);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EX_UNAVAILABLE);
}

// The sign-in sample's port is settled before the sandbox starts: the sandbox registers its redirect URIs then.
// The embedded sandbox inherits this process's environment, hence the assignment.
const samplePlan = await planSampleRelyingParty(process.env);
Object.assign(process.env, samplePlan.centralEnv);

// The embedded sandbox only for a kiosk without a central of its own, or when asked (KIOSK_EMBEDDED_CENTRAL=1,
// which `npm start -- --embedded-central` sets); a provisioned kiosk keeps the central it registered with.
let central: KioskCentral;
try {
  central = await startKioskCentral({
    entry: join(repoRoot, 'central/main.ts'),
    dataDir: kioskDataDir,
    env: process.env,
    embeddedRequested: process.env.KIOSK_EMBEDDED_CENTRAL === '1',
    kioskId,
    log,
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit((error as { code?: unknown }).code === 'central.embedded_failed' ? 69 : 78);
}
const centralEnv = central.serviceEnv;
process.stdout.write(`${central.line}\n`);

// Under a systemd unit with WatchdogSec= (packaging/linux/systemd): READY=1 once serving, pings while the service answers.
const notifier = createSystemdNotifier(process.env);
const watchdogSetup = watchdogFromEnv(process.env, { pid: process.pid, ppid: process.ppid });
let watchdog: SystemdWatchdog | null = null;

// The sign-in sample beside the embedded sandbox (its OpenID Connect provider); it starts while the service does.
let relyingParty: SampleRelyingParty | null = null;
const relyingPartyStarting = startSampleRelyingParty({
  entry: join(repoRoot, 'relying-party/main.ts'),
  provider: sampleProvider(central),
  env: { ...process.env, ...samplePlan.rpEnv },
  log,
}).then((started) => (relyingParty = started));

const service = childProcessServiceLink({
  entry: join(repoRoot, 'electron/service/process-entry.ts'),
  env: { ...process.env, ...centralEnv, KIOSK_DATA_DIR: kioskDataDir, KIOSK_VERSION: version },
  log,
  onExhausted: () => {
    watchdog?.giveUp('service-exhausted');
    void stop(75);
  },
});
if (watchdogSetup.enabled) {
  watchdog = createSystemdWatchdog({
    intervalMs: watchdogSetup.intervalMs,
    scheduler: systemScheduler,
    log,
    probe: serviceAnswers(service),
    ping: () => notifier.notify('WATCHDOG=1'),
  });
}

let host: BrowserHost | null = null;
let window: KioskWindow | null = null;
// The one place the launch token is written: a 0600 file in a 0700 directory, never a command line or the terminal.
const launchPage = createLaunchPage();
let stopping = false;
/** Every way out, start-up failures included, stops what was started. */
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  watchdog?.dispose();
  void notifier.notify('STOPPING=1');
  window?.close();
  // The service is told at once: one that got the signal too (Ctrl-C reaches the whole process group) is then
  // not mistaken for a crash and restarted.
  await Promise.all([host?.close(), service.close()]);
  launchPage.remove();
  // One still starting stops by itself when this process's IPC channel closes.
  await relyingParty?.stop();
  await central.stop();
  log.log('info', 'host.stopped', { code });
  process.stdout.write('Kiosk stopped.\n');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// scripts/start.ts starts the host with a channel that closes when it dies, SIGKILL included.
if (process.send !== undefined) process.on('disconnect', () => void stop(0));

await openKiosk();

async function openKiosk() {
  // The page and the commands it may send depend on the service's resolved configuration (stored, then KIOSK_*
  // overrides), so the host waits for the service to announce it; the first command then also finds it ready.
  const announced = await service.firstReady;
  if (stopping) return;
  if (announced === null) log.log('warn', 'host.service_not_ready', { dev: false });
  try {
    host = await startBrowserHost({
      // KIOSK_RENDERER_DIR serves another build of the renderer (the benchmark's baseline page uses it).
      rendererDir: process.env.KIOSK_RENDERER_DIR ?? join(repoRoot, 'out/renderer'),
      bridgeFile: join(repoRoot, 'out/bridge/bridge.js'),
      service,
      log,
      dev: () => service.announced()?.simulatedDevices ?? false,
      port,
      onLaunchAddress: (address) => launchPage.write(address),
    });
  } catch (error) {
    const reason = isAddressInUse(error) ? new PortInUse(port, HOST_ADDRESS).message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${reason}\n`);
    return stop(isAddressInUse(error) ? EX_UNAVAILABLE : 70);
  }
  // The page's file:// address, which holds no secret; opened in a browser by the user who started the kiosk.
  process.stdout.write(`Kiosk UI: ${launchPage.url}\n`);
  const sample = await relyingPartyStarting;
  if (stopping) return;
  process.stdout.write(`${sample.line}\n`);
  void notifier.notify('READY=1').then((outcome) => {
    if (!outcome.ok) log.log('warn', 'systemd.notify_failed', { code: outcome.error.code });
  });
  watchdog?.start();

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (args.open && !args['no-open'] && hasDisplay) {
    const chromium = findChromium();
    if (chromium) {
      window = openKioskWindow(chromium, launchPage.path, parseWindowSize(process.env.KIOSK_WINDOW_SIZE));
      log.log('info', 'window.opened', { browser: chromium });
    } else log.log('warn', 'window.no_browser', { hint: 'apt-get install chromium' });
  }
}
