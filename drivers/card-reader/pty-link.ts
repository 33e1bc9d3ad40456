/**
 * The device end of a simulated serial device: socat makes a pty whose
 * slave is reachable at `path` (a symlink, as a udev rule would make
 * /dev/card-reader), and relays whatever the simulator writes to its stdin
 * onto that pty: `socat -d -d pty,raw,echo=0,link=PATH STDIO` (reference
 * §1.8 suggests socat ptys for running real drivers against simulators).
 * The driver under test opens `path` with its real SerialTransport.
 *
 * Unplug is socat exiting: the pty master closes, the driver's reads fail
 * (serialport reports a disconnect) and socat removes the link, so the
 * device node disappears as a USB device's would. Replug starts a new socat
 * on the same path. Every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { lstat, rm } from 'node:fs/promises';

export interface PtyLinkOptions {
  readonly socatPath?: string;
  /** Bound on socat creating the link (default 10 s). */
  readonly readyTimeoutMs?: number;
}

export type PtyLinkErrorCode = 'link.exists' | 'link.start_failed' | 'link.unplugged' | 'link.write_failed';

export class PtyLinkError extends Error {
  readonly code: PtyLinkErrorCode;
  constructor(code: PtyLinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PtyLinkError';
    this.code = code;
  }
}

const EXIT_TIMEOUT_MS = 5_000;

export class PtyLink {
  readonly path: string;
  readonly #socatPath: string;
  readonly #readyTimeoutMs: number;
  #socat: ChildProcess | undefined;

  private constructor(path: string, options: PtyLinkOptions) {
    this.path = path;
    this.#socatPath = options.socatPath ?? 'socat';
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  }

  static async open(path: string, options: PtyLinkOptions = {}): Promise<PtyLink> {
    const link = new PtyLink(path, options);
    await link.replug();
    return link;
  }

  get isPlugged(): boolean {
    const socat = this.#socat;
    return socat !== undefined && socat.exitCode === null && socat.signalCode === null;
  }

  async replug(): Promise<void> {
    if (this.isPlugged) return;
    await removeStaleLink(this.path);
    this.#socat = await startSocat(this.#socatPath, this.path, this.#readyTimeoutMs);
  }

  async unplug(): Promise<void> {
    const socat = this.#socat;
    this.#socat = undefined;
    if (socat) await stopProcess(socat);
    // socat unlinks on SIGTERM; after a SIGKILL the link is left behind.
    await removeStaleLink(this.path);
  }

  write(bytes: Uint8Array): Promise<void> {
    const stdin = this.isPlugged ? this.#socat?.stdin : undefined;
    if (!stdin || !stdin.writable) return Promise.reject(new PtyLinkError('link.unplugged', `${this.path} is unplugged`));
    return new Promise<void>((resolve, reject) => {
      stdin.write(bytes, (error) => (error ? reject(new PtyLinkError('link.write_failed', `write to ${this.path} failed`, { cause: error })) : resolve()));
    });
  }
}

/** A symlink left by a killed socat is removed; anything else at `path` is not ours to delete. */
async function removeStaleLink(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) return;
  if (!stat.isSymbolicLink()) throw new PtyLinkError('link.exists', `${path} exists and is not a symlink; refusing to replace it`);
  await rm(path, { force: true });
}

async function startSocat(socatPath: string, path: string, readyTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(socatPath, ['-d', '-d', `pty,raw,echo=0,link=${path}`, 'STDIO'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  // An EPIPE after socat exits must not become an unhandled 'error'; write() reports it.
  child.stdin?.on('error', () => undefined);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => (stderr += text));
  const deadline = Date.now() + readyTimeoutMs;
  // socat -d -d logs "starting data transfer loop" once the pty and its link exist.
  while (!stderr.includes('starting data transfer loop') || !(await lstat(path).then(() => true, () => false))) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopProcess(child);
      throw new PtyLinkError('link.start_failed', `socat did not create ${path}: ${spawnError?.message ?? (stderr.trim().split('\n').pop() || 'timed out')}`, { cause: spawnError });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return child;
}

/** SIGTERM, SIGKILL if it lingers; resolves once it has exited. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    const giveUp = setTimeout(resolve, 2 * EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killTimer);
      clearTimeout(giveUp);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
