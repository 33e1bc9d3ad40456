/**
 * `npm start`: the kiosk on simulated devices. Where an Electron binary can
 * be had (scripts/start/electron-binary.ts) it builds and runs the Electron
 * app; otherwise it builds the renderer and runs the browser host, saying why
 * in one line. Options go after `--`: `--host electron|browser|auto`,
 * `--retry-electron-download`, `--embedded-central`, `--no-build`; the rest
 * go to the browser host (`--port`, `--no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KioskCentral, startKioskCentral } from '../electron/browser-host/server/central-choice.ts';
import { compileCacheEnv } from '../electron/browser-host/server/compile-cache.ts';
import { planSampleRelyingParty, sampleProvider, startSampleRelyingParty } from '../electron/browser-host/server/sample-relying-party.ts';
import { dataDirFromEnv, DEFAULT_SERVICE_CONFIG } from '../electron/service/config/service-config.ts';
import { createLogger, logLevelFromEnv } from '../common/log.ts';
import { findElectronHost, INSTALL_TIMEOUT_MS, runElectronInstaller } from './start/electron-binary.ts';
import { parseStartOptions, type StartOptions } from './start/start-options.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let options: StartOptions;
try {
  options = parseStartOptions(process.argv.slice(2));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 64);
}

const electronDir = join(root, 'node_modules/electron');
const host = await findElectronHost(
  {
    env: process.env,
    electronDir,
    failureFile: join(root, 'node_modules/.cache/kiosk-start/electron-download.json'),
    platform: process.platform,
    install: () => runElectronInstaller({ script: join(electronDir, 'install.js'), node: process.execPath, timeoutMs: INSTALL_TIMEOUT_MS }),
    now: Date.now,
  },
  {
    host: options.host,
    retryDownload: options.retryElectronDownload,
    onDownload: () => process.stdout.write(`Fetching the Electron binary with node_modules/electron/install.js (at most ${INSTALL_TIMEOUT_MS / 1000} s)\n`),
  },
);

if (host.kind === 'electron') {
  if (options.build) run(bin('electron-vite'), ['build']);
  // The checkout's data directory rather than Electron's user-data folder, so that kioskctl and the central
  // decision below look at the kiosk this run starts.
  const dataDir = resolve(dataDirFromEnv(process.env));
  const log = createLogger((line) => process.stderr.write(line), 'start', logLevelFromEnv(process.env.KIOSK_LOG_LEVEL));
  // As in the browser host: the sample's port first, so the embedded sandbox registers its redirect URIs.
  const samplePlan = await planSampleRelyingParty(process.env);
  Object.assign(process.env, samplePlan.centralEnv);
  let central: KioskCentral;
  try {
    central = await startKioskCentral({
      entry: join(root, 'central/main.ts'),
      dataDir,
      env: process.env,
      embeddedRequested: options.embeddedCentral,
      kioskId: process.env.KIOSK_ID || DEFAULT_SERVICE_CONFIG.kioskId,
      log,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), (error as { code?: unknown }).code === 'central.embedded_failed' ? 69 : 78);
  }
  process.stdout.write(`${central.line}\n`);
  const relyingParty = await startSampleRelyingParty({
    entry: join(root, 'relying-party/main.ts'),
    provider: sampleProvider(central),
    env: { ...process.env, ...samplePlan.rpEnv },
    log,
  });
  process.stdout.write(`${relyingParty.line}\n`);
  process.stdout.write('Starting the Electron kiosk on simulated devices\n');
  // Electron main passes KIOSK_CENTRAL_* and KIOSK_DATA_DIR on to the service.
  const env = { ...process.env, ...central.serviceEnv, KIOSK_DATA_DIR: dataDir, KIOSK_DEV: '1' };
  const child = spawn(host.executable, [root], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => void Promise.all([relyingParty.stop(), central.stop()]).finally(() => process.exit(code ?? 0)));
} else {
  if (host.reason !== null) {
    if (options.host === 'electron') fail(`Electron binary unavailable (${host.reason}).`, 69);
    process.stdout.write(`Electron binary unavailable (${host.reason}): starting the browser host instead.\n`);
  }
  if (options.build) {
    run(bin('vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
    run(bin('vite'), ['build', '--config', 'vite.bridge.config.ts', '--logLevel', 'warn']);
  }
  const env = { ...process.env, ...compileCacheEnv(process.env, root), ...(options.embeddedCentral && { KIOSK_EMBEDDED_CENTRAL: '1' }) };
  // The IPC channel carries no messages: the host stops cleanly when it closes, i.e. when this wrapper dies (SIGKILL included).
  const child = spawn(process.execPath, [join(root, 'electron/browser-host/server/main.ts'), ...options.hostArgs], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env,
  });
  // The host stops itself cleanly on these; forward them and wait for its exit code.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  // A host killed by a signal did not stop cleanly: 128 + signal number, as a shell reports it.
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
}
