/**
 * `npm start`: the kiosk on simulated devices. With an Electron binary
 * installed it builds and runs the Electron app; without one (as on this
 * project's development machines) it builds the renderer and runs the browser
 * host. Arguments after `--` go to the host (`--port`, `--no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedCentral } from '../electron/browser-host/server/embedded-central.ts';
import { createLogger, logLevelFromEnv } from '../electron/service/log.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

/** Electron is usable only if its binary was downloaded; never require('electron') to find out. */
function electronExecutable(): string | null {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(join(root, 'node_modules/electron/dist')) || !existsSync(pathFile)) return null;
  const executable = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const passThrough = process.argv.slice(2);
const skipBuild = passThrough.includes('--no-build');
const hostArgs = passThrough.filter((a) => a !== '--no-build');
const electron = electronExecutable();

if (electron) {
  if (!skipBuild) run(bin('electron-vite'), ['build']);
  // As the browser host does: unless a central is named, the sandbox runs embedded on loopback and the
  // kiosk service registers with it (Electron main passes KIOSK_CENTRAL_* on to the service).
  const central = process.env.KIOSK_CENTRAL_URL
    ? null
    : await startEmbeddedCentral({
        entry: join(root, 'central/main.ts'),
        dataDir: join(resolve(process.env.KIOSK_DATA_DIR ?? join(root, '.kiosk-data')), 'central'),
        kioskId: process.env.KIOSK_ID ?? 'dev-kiosk-01',
        log: createLogger((line) => process.stderr.write(line), 'start', logLevelFromEnv(process.env.KIOSK_LOG_LEVEL)),
      });
  if (central) process.stdout.write(`Central API: ${central.url} (embedded sandbox)\n`);
  process.stdout.write('Starting the Electron kiosk on simulated devices\n');
  const centralEnv = central
    ? { KIOSK_CENTRAL_URL: central.url, KIOSK_CENTRAL_CA: central.caCertificateFile, KIOSK_CENTRAL_TOKEN: central.registrationToken }
    : {};
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, ...centralEnv, KIOSK_DEV: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => void (central?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0)));
} else {
  process.stdout.write('No Electron binary in node_modules/electron/dist: starting the browser host instead.\n');
  if (!skipBuild) {
    run(bin('vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
    run(bin('vite'), ['build', '--config', 'vite.bridge.config.ts', '--logLevel', 'warn']);
  }
  const child = spawn(process.execPath, [join(root, 'electron/browser-host/server/main.ts'), ...hostArgs], { cwd: root, stdio: 'inherit' });
  // The host stops itself cleanly on these; forward them and wait for its exit code.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
