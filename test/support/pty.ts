/**
 * A pair of connected pseudo-terminals made by socat, the way the reference
 * suggests running real serial drivers against simulators (hardware-protocols.md
 * §1.8): `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`.
 *
 * Unplug is socat exiting: the pty masters close, so whoever holds a slave open
 * sees its reads fail (EIO; serialport 13 reports EBADF from its poller) and
 * socat removes both links on a clean exit (SIGTERM), so the "device node"
 * disappears too. Replug starts a new socat on the same link paths.
 *
 * Every wait is bounded; a failure says what socat printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Symlink to one pty slave (give it to the driver under test). */
  readonly a: string;
  /** Symlink to the other pty slave (the simulated device's end). */
  readonly b: string;
  readonly isPlugged: boolean;
  /** What socat has logged so far (for failure messages). */
  log(): string;
  /** Ends socat (SIGTERM): both ends see the device go away and the links vanish. */
  unplug(): Promise<void>;
  /** A fresh socat on the same link paths, as if the cable went back in. */
  replug(): Promise<void>;
  /** Unplugs if needed and removes the temporary directory. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Bound on waiting for socat to create its links (default 10 s). */
  readyTimeoutMs?: number;
}

const EXIT_TIMEOUT_MS = 5_000;

export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const logs: string[] = [];
  let socat: ChildProcess | undefined = await startSocat(a, b, readyTimeoutMs, logs).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });

  const unplug = async (): Promise<void> => {
    const running = socat;
    socat = undefined;
    if (running) await stopProcess(running);
  };
  return {
    a,
    b,
    get isPlugged() {
      return socat !== undefined;
    },
    log: () => logs.join(''),
    unplug,
    async replug() {
      if (socat) return;
      socat = await startSocat(a, b, readyTimeoutMs, logs);
    },
    async close() {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startSocat(a: string, b: string, readyTimeoutMs: number, logs: string[]): Promise<ChildProcess> {
  // A SIGKILLed socat leaves its links behind; a new one would fail to create them.
  await rm(a, { force: true });
  await rm(b, { force: true });
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr += text;
    logs.push(text);
  });
  try {
    // socat -d -d logs "starting data transfer loop" once both ptys are set up
    // (after the links are created); wait for that and for both links.
    await waitUntil(
      () => stderr.includes('starting data transfer loop') && existsSync(a) && existsSync(b),
      readyTimeoutMs,
      () => child.exitCode !== null || child.signalCode !== null,
    );
  } catch (error) {
    await stopProcess(child);
    throw new Error(`socat did not create ${a} and ${b}: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return child;
}

async function waitUntil(ready: () => boolean, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (gaveUp()) throw new Error('socat exited early');
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** SIGTERM (socat then removes its links), SIGKILL if it lingers; resolves once it has exited. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    const giveUp = setTimeout(() => reject(new Error(`socat ${child.pid} did not exit`)), 2 * EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killTimer);
      clearTimeout(giveUp);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
