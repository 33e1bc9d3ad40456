/**
 * How `npm start` (browser host) begins and ends, as processes: a taken port,
 * a parent killed outright, clean stops, and the developer affordances that
 * follow the kiosk's stored configuration. Every wait is a hang guard.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_DATABASE_FILE } from '../../electron/service/db/database.ts';
import { CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { run as kioskctl } from '../support/kioskctl.ts';
import { descendants, type ProcessEntry, processesWithEnv, survivorsAfter, treeWhen } from '../support/process-tree.ts';

const BOUND_MS = 20_000;
/** A stack trace line, or an unhandled error's name, anywhere in a run's output. */
const CRASH = /^\s+at \S|EPIPE|EADDRINUSE|Uncaught|Unhandled/m;

/** Where a run's processes can be found afterwards: every one of them carries its data directory in its environment. */
function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'kiosk-lifecycle-'));
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const kiosks: RunningKiosk[] = [];
async function launch(env: NodeJS.ProcessEnv = {}, hostArgs?: readonly string[]): Promise<RunningKiosk> {
  const kiosk = await startKiosk({ KIOSK_DATA_DIR: freshDataDir(), ...env }, hostArgs);
  kiosks.push(kiosk);
  return kiosk;
}

afterEach(async () => {
  for (const kiosk of kiosks.splice(0)) {
    await kiosk.stop('SIGKILL');
    for (const left of processesWithEnv(kiosk.dataDir)) process.kill(left.pid, 'SIGKILL');
  }
});

/** The browser host: start.ts's one child. */
function hostOf(kiosk: RunningKiosk): ProcessEntry {
  const [host, ...others] = descendants(kiosk.process.pid!).filter((e) => e.ppid === kiosk.process.pid);
  expect(others).toEqual([]);
  expect(host?.command).toMatch(/electron\/browser-host\/server\/main\.ts/);
  return host!;
}

/** The children a running kiosk must have: the embedded central and the kiosk service. */
function hasNodeChildren(tree: ProcessEntry[]): boolean {
  return tree.some((e) => e.command.includes('central/main.ts')) && tree.some((e) => e.command.includes('service/process-entry.ts'));
}

describe('a busy port', () => {
  let squatter: Server;
  let port: number;

  beforeAll(async () => {
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

  it('is named in one line, exits non-zero and leaves nothing running', async () => {
    const dataDir = freshDataDir();
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.ts'), '--no-build', '--no-open'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KIOSK_LOG_LEVEL: 'warn', KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const { code } = await exitOf(child);

    expect(code).not.toBe(0);
    expect(output).toContain(`Port ${port} on 127.0.0.1 is in use (another kiosk?): stop it, or start with --port N / KIOSK_PORT=N (0 picks a free one).`);
    expect(output).not.toMatch(CRASH);
    expect(await survivorsAfter(processesWithEnv(dataDir), BOUND_MS)).toEqual([]);
  });
});

describe('children end with their parent, even when it is SIGKILLed', () => {
  let xvfb: ChildProcess | null = null;
  let display: string | null = null;

  beforeAll(async () => {
    // With a display, the host also opens its Chromium kiosk window, which must end with it as well.
    if (!existsSync('/usr/bin/Xvfb') || !existsSync(CHROMIUM_PATH)) return;
    xvfb = spawn('/usr/bin/Xvfb', ['-displayfd', '1', '-screen', '0', '1080x1920x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    display = await new Promise<string>((resolve, reject) => {
      xvfb!.stdout!.once('data', (chunk: Buffer) => resolve(`:${chunk.toString().trim()}`));
      xvfb!.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    });
  });
  afterAll(() => {
    xvfb?.kill('SIGTERM');
  });

  async function launchWithWindow(): Promise<{ kiosk: RunningKiosk; tree: ProcessEntry[] }> {
    const kiosk = display === null ? await launch() : await launch({ DISPLAY: display }, ['--port', '0']);
    // Chromium's renderer process shows that its browser has started its own children too.
    const tree = await treeWhen(
      kiosk.process.pid!,
      (t) => hasNodeChildren(t) && (display === null || t.some((e) => e.command.includes('--type=renderer'))),
      BOUND_MS,
    );
    return { kiosk, tree };
  }

  it('opens the window on the launch page: no Chromium command line holds a token, and the window trades it for its session', async (context) => {
    if (display === null) return context.skip();
    const kiosk = await launch({ DISPLAY: display, KIOSK_LOG_LEVEL: 'info' }, ['--port', '0']);
    // The launch page's token now: the one the window reads, or the next if it has already spent that one.
    const firstToken = new URL(kiosk.url).searchParams.get('token')!;
    // The window spent a launch token and its page opened the socket: the page loaded with its session cookie.
    const deadline = Date.now() + BOUND_MS;
    while (!(/"event":"host\.launch_token_spent"/.test(kiosk.output()) && /"event":"ws\.connected"/.test(kiosk.output()))) {
      if (Date.now() > deadline) throw new Error(`the kiosk window did not open its session:\n${kiosk.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const chromiums = descendants(kiosk.process.pid!).filter((e) => /chromium/.test(e.command));
    expect(chromiums.length).toBeGreaterThan(0);
    const launchPageUrl = pathToFileURL(kiosk.launchPage).href;
    for (const { pid } of chromiums) {
      let commandLine: string;
      try {
        commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        continue; // a helper that ended meanwhile
      }
      expect(commandLine).not.toContain(firstToken);
      expect(commandLine).not.toContain(new URL(kiosk.url).searchParams.get('token')!);
      expect(commandLine).not.toContain('token=');
      if (commandLine.includes('--app=')) expect(commandLine).toContain(`--app=${launchPageUrl}`);
    }
  });

  it('SIGKILL of the browser host ends the central sandbox, the kiosk service and Chromium', async () => {
    const { kiosk, tree } = await launchWithWindow();
    const host = hostOf(kiosk);
    const children = tree.filter((e) => e.pid !== host.pid);
    if (display !== null) expect(children.some((e) => /chromium/.test(e.command))).toBe(true);

    process.kill(host.pid, 'SIGKILL');

    expect(await survivorsAfter(children, BOUND_MS)).toEqual([]);
    // The wrapper reports its host's death rather than success.
    expect((await exitOf(kiosk.process)).code).toBe(128 + 9);
  });

  it('SIGKILL of the start.ts wrapper ends the browser host and everything it started', async () => {
    const { kiosk, tree } = await launchWithWindow();
    // A process is its PID and start time; its state (running, sleeping) changes between two reads of /proc.
    const host = hostOf(kiosk);
    expect(tree.map((e) => [e.pid, e.startTime])).toContainEqual([host.pid, host.startTime]);

    kiosk.process.kill('SIGKILL');

    expect(await survivorsAfter(tree, BOUND_MS)).toEqual([]);
  });
});

describe('clean stops', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}, ten times over: exit code 0, "Kiosk stopped.", no stack trace, the database checkpointed and closed`, async () => {
      for (let cycle = 0; cycle < 10; cycle += 1) {
        const kiosk = await launch();
        const code = await kiosk.stop(signal);
        const context = `cycle ${cycle}:\n${kiosk.output()}`;
        expect(code, context).toBe(0);
        expect(kiosk.output(), context).toMatch(/^Kiosk stopped\.$/m);
        expect(kiosk.output(), context).not.toMatch(CRASH);
        expectCheckpointed(kiosk.dataDir);
        expect(await survivorsAfter(processesWithEnv(kiosk.dataDir), BOUND_MS)).toEqual([]);
      }
    }, 600_000);
  }
});

/** After a clean stop the main file alone holds the data: the -wal is gone (or empty) and a copy of the file without it is complete. */
function expectCheckpointed(dataDir: string): void {
  const database = join(dataDir, KIOSK_DATABASE_FILE);
  const wal = `${database}-wal`;
  if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
  const alone = join(mkdtempSync(join(tmpdir(), 'kiosk-db-copy-')), KIOSK_DATABASE_FILE);
  copyFileSync(database, alone);
  const db = new Database(alone, { readonly: true });
  try {
    // The first start stores the configuration it resolved.
    expect(db.prepare('SELECT count(*) AS n FROM kiosk_config').get()).toEqual({ n: 1 });
  } finally {
    db.close();
  }
}

describe('developer affordances follow the configuration the service resolved', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** `typeof window.kiosk.dev` on the kiosk's page, as the renderer sees it. */
  async function bridgeDev(kiosk: RunningKiosk): Promise<string> {
    const page = await browser.newPage();
    try {
      await page.goto(kiosk.url);
      return await page.evaluate(() => typeof (window as unknown as { kiosk: { dev?: unknown } }).kiosk.dev);
    } finally {
      await page.close();
    }
  }

  it('a kiosk whose stored configuration says simulatedDevices false has no window.kiosk.dev; KIOSK_SIMULATED=1 still turns it on', async () => {
    const dataDir = freshDataDir();
    const set = await kioskctl([
      'config',
      'set',
      'simulatedDevices',
      'false',
      'devices.fingerprint',
      'none',
      'devices.cardReader',
      'none',
      'devices.printer',
      'none',
      '--data-dir',
      dataDir,
    ]);
    expect(set.code, set.stderr).toBe(0);

    const real = await launch({ KIOSK_DATA_DIR: dataDir, KIOSK_SIMULATED: '' });
    expect(await bridgeDev(real)).toBe('undefined');
    await real.stop();

    const overridden = await launch({ KIOSK_DATA_DIR: dataDir, KIOSK_SIMULATED: '1' });
    expect(await bridgeDev(overridden)).toBe('object');
  });
});
