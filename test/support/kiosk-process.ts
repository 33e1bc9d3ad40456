import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addressInLaunchPage } from '../../electron/browser-host/server/launch-page.ts';

export const REPO_ROOT = join(import.meta.dirname, '../..');

export interface RunningKiosk {
  readonly process: ChildProcess;
  /**
   * The kiosk's address with the launch page's current token (`/?token=`): each read takes the token the page holds
   * now, and each works once, so read it again for every browser or socket that needs a session.
   */
  readonly url: string;
  /** The launch page (the `Kiosk UI:` line): a file only this user can read. */
  readonly launchPage: string;
  readonly output: () => string;
  /** The kiosk's data directory (KIOSK_DATA_DIR): database, simulated printer output, the embedded central's files. */
  readonly dataDir: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `npm start`'s entry, as a user runs it, on an already-built renderer and a free port. `hostArgs` replaces
 * the default `--port 0 --no-open` (a test with a display opens the kiosk window).
 */
export async function startKiosk(env: NodeJS.ProcessEnv = {}, hostArgs: readonly string[] = ['--port', '0', '--no-open']): Promise<RunningKiosk> {
  if (!existsSync(join(env.KIOSK_RENDERER_DIR ?? join(REPO_ROOT, 'out/renderer'), 'index.html')) || !existsSync(join(REPO_ROOT, 'out/bridge/bridge.js'))) {
    throw new Error('the renderer is not built: run `npm run build:web` (npm test builds it first)');
  }
  // A data directory of its own: the developer's .kiosk-data (embedded central, receipts) is left alone.
  const dataDir = env.KIOSK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  // --host browser: the browser host whatever node_modules holds, and never an Electron download.
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.ts'), '--host', 'browser', '--no-build', ...hostArgs], {
    cwd: REPO_ROOT,
    // The sign-in sample only where a test asks for it: one process less per kiosk, and no contest for its port.
    env: { ...process.env, KIOSK_LOG_LEVEL: 'warn', KIOSK_SAMPLE_RELYING_PARTY: '0', ...env, KIOSK_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const launchPageUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Kiosk UI:" line within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const match = /^Kiosk UI: (\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code} before printing its address:\n${output}`));
    });
  });
  const launchPage = fileURLToPath(launchPageUrl);
  return {
    process: child,
    get url() {
      const address = addressInLaunchPage(readFileSync(launchPage, 'utf8'));
      if (address === null) throw new Error(`${launchPage} is not a launch page`);
      // The plain address rather than the launch path: a browser sent there lands on the page when goto returns.
      const { origin, searchParams } = new URL(address);
      return `${origin}/?token=${searchParams.get('token')}`;
    },
    launchPage,
    output: () => output,
    dataDir,
    stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
