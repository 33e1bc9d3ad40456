/**
 * The kiosk session as a kiosk image runs it: Chromium in kiosk mode as the
 * one client of cage, the Wayland kiosk compositor, here on wlroots' headless
 * backend (no GPU, no seat, no input devices), and grim for a screenshot.
 *
 * cage refuses to run as root ("Unable to drop root … refusing to start"), so
 * a root test run starts it, Chromium and grim as `nobody`, with a runtime
 * directory, home and profile that user owns.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CHROMIUM_PATH } from './chromium.ts';
import { descendants, survivorsAfter } from './process-tree.ts';

/**
 * wlroots 0.15's wlr_backend_autocreate gives the headless backend
 * WLR_HEADLESS_OUTPUTS outputs (one by default) of 1280×720 (backend/backend.c).
 */
export const HEADLESS_OUTPUT = { width: 1280, height: 720 } as const;

/** The project's standard Chromium flags (test/support/chromium.ts), plus kiosk mode on Wayland. */
export const KIOSK_CHROMIUM_FLAGS = [
  '--kiosk',
  '--ozone-platform=wayland',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

const NOBODY = 65534;

export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

export interface CageSession {
  readonly compositor: ChildProcess;
  /** The Wayland socket's name in the runtime directory (WAYLAND_DISPLAY). */
  readonly display: string;
  /** The port of Chromium's DevTools endpoint, for a test to see what the page shows. */
  readonly devtoolsPort: number;
  readonly output: () => string;
  /** A PNG of the whole output, from grim. */
  screenshot(): Promise<Buffer>;
  /** Ends cage and every process below it; resolves with those still alive after `boundMs` (none, normally). */
  stop(boundMs?: number): Promise<number[]>;
}

/** A fresh directory owned by the session's user, mode 0700 (what XDG_RUNTIME_DIR must be). */
function privateDir(parent: string | null, name: string, uid: number | null): string {
  const dir = parent === null ? mkdtempSync(join(tmpdir(), name)) : join(parent, name);
  if (parent !== null) mkdirSync(dir);
  chmodSync(dir, 0o700);
  if (uid !== null) chownSync(dir, uid, uid);
  return dir;
}

/**
 * Resolves with the first name in `dir` that `accept` takes, watching the directory rather than polling it;
 * rejects when `child` exits first or after `boundMs` (a hang guard).
 */
function whenEntry(dir: string, accept: (name: string) => string | null, child: ChildProcess, output: () => string, boundMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, value?: string) => {
      if (settled) return;
      settled = true;
      watcher.close();
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    };
    const look = () => {
      for (const name of readdirSync(dir)) {
        const found = accept(name);
        if (found !== null) return finish(null, found);
      }
    };
    const onExit = (code: number | null) => finish(new Error(`cage exited with ${code} before ${dir} had what the test waits for:\n${output()}`));
    const watcher = watch(dir, () => look());
    const timer = setTimeout(() => finish(new Error(`nothing appeared in ${dir} within ${boundMs} ms:\n${output()}`)), boundMs);
    child.once('exit', onExit);
    look(); // it may already be there
  });
}

/** Starts `cage -d -- chromium --kiosk … <url>` on the headless backend and waits for its socket and Chromium's DevTools port. */
export async function startCageSession(url: string, boundMs = 60_000): Promise<CageSession> {
  const uid = process.getuid?.() === 0 ? NOBODY : null;
  const runtimeDir = privateDir(null, 'kiosk-cage-', uid);
  const home = privateDir(runtimeDir, 'home', uid);
  const profile = privateDir(runtimeDir, 'profile', uid);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_RUNTIME_DIR: runtimeDir,
    WLR_BACKENDS: 'headless',
    WLR_LIBINPUT_NO_DEVICES: '1',
    WLR_RENDERER: 'pixman',
  };
  const ids = uid === null ? {} : { uid, gid: uid };
  // -d: no client-side decorations, as on the kiosk. detached: cage leads a process group of its own.
  const compositor = spawn('cage', ['-d', '--', CHROMIUM_PATH, ...KIOSK_CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', url], {
    env,
    ...ids,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  compositor.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  compositor.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => output;

  const stop = async (bound = 20_000): Promise<number[]> => {
    const tree = compositor.pid === undefined ? [] : descendants(compositor.pid);
    if (compositor.exitCode === null && compositor.signalCode === null) {
      const exited = new Promise((resolve) => compositor.once('exit', resolve));
      compositor.kill('SIGTERM');
      await exited;
    }
    const survivors = await survivorsAfter(tree, bound);
    for (const left of survivors) process.kill(left.pid, 'SIGKILL');
    rmSync(runtimeDir, { recursive: true, force: true });
    return survivors.map((e) => e.pid);
  };

  try {
    const display = await whenEntry(
      runtimeDir,
      (name) => (/^wayland-\d+$/.test(name) && statSync(join(runtimeDir, name)).isSocket() ? name : null),
      compositor,
      log,
      boundMs,
    );
    // --remote-debugging-port=0: Chromium writes the port it chose as the first line of DevToolsActivePort.
    const portLine = await whenEntry(
      profile,
      (name) => {
        if (name !== 'DevToolsActivePort') return null;
        const match = /^(\d+)\n/.exec(readFileSync(join(profile, name), 'utf8'));
        return match?.[1] ?? null;
      },
      compositor,
      log,
      boundMs,
    );
    return {
      compositor,
      display,
      devtoolsPort: Number(portLine),
      output: log,
      screenshot: () => grim({ ...env, WAYLAND_DISPLAY: display }, ids),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `grim -`: the PNG on stdout. */
function grim(env: NodeJS.ProcessEnv, ids: { uid?: number; gid?: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('grim', ['-'], { env, ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`grim exited with ${code}: ${errors}`))));
  });
}
