/**
 * The device end of a simulated serial device as a ByteTransport: socat makes
 * a pty whose slave appears at `path` (a symlink, as a udev rule would make
 * /dev/fingerprint or /dev/card-reader) and relays it to its stdin/stdout,
 * which this class writes and reads: `socat -d -d pty,raw,echo=0,link=PATH STDIO`
 * (hardware-protocols.md §1.8 suggests socat ptys for running real drivers
 * against simulators). The driver under test opens `path` with its real
 * SerialTransport.
 *
 * Opening starts socat; closing stops it. That is what makes an unplug real
 * to the host: the pty master goes away, the host's reads fail and its
 * SerialTransport reports "disconnected" (serial-transport.ts), and socat
 * removes the link on SIGTERM, so the device node vanishes as a USB adapter's
 * would. Opening again is the replug: a new socat on the same path. Something
 * at `path` that is not a symlink is never replaced. Every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { lstat, rm } from 'node:fs/promises';
import { type ByteTransport, type TransportCloseReason, TransportError } from './byte-transport.ts';
import { ListenerSet } from './listener-set.ts';

export interface SocatPtyLinkOptions {
  readonly path: string;
  readonly socatPath?: string;
  /** Bound on socat creating the link. Default 10 s. */
  readonly readyTimeoutMs?: number;
}

const EXIT_TIMEOUT_MS = 5_000;

export class SocatPtyLink implements ByteTransport {
  readonly kind = 'serial' as const;
  readonly target: string;
  readonly #socatPath: string;
  readonly #readyTimeoutMs: number;
  readonly #dataListeners = new ListenerSet<[Uint8Array]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  #socat: ChildProcess | undefined;
  #open = false;
  /** Whether a socat of ours ever made the link, so close() may tidy one a SIGKILL left behind. */
  #linked = false;

  constructor(options: SocatPtyLinkOptions) {
    this.target = options.path;
    this.#socatPath = options.socatPath ?? 'socat';
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  }

  /** True while socat runs: the cable is in. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Starts socat (the replug); rejects with transport.open_failed when it cannot, or when `path` is a file that is not ours. */
  async open(): Promise<void> {
    if (this.#open) return;
    await removeStaleLink(this.target);
    const child = spawn(this.#socatPath, ['-d', '-d', `pty,raw,echo=0,link=${this.target}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    // An EPIPE after socat exits must not become an unhandled 'error'; write() reports it.
    child.stdin?.on('error', () => undefined);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => (stderr += text));
    const deadline = Date.now() + this.#readyTimeoutMs;
    // socat -d -d logs "starting data transfer loop" once the pty and its link exist.
    while (!stderr.includes('starting data transfer loop') || !(await exists(this.target))) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await stopProcess(child);
        const why = spawnError?.message ?? (stderr.trim().split('\n').pop() || 'timed out');
        throw new TransportError('transport.open_failed', `socat did not create ${this.target}: ${why}`, { cause: spawnError });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.#open && this.#socat === child) this.#dataListeners.emit(new Uint8Array(chunk));
    });
    child.once('exit', () => {
      if (this.#socat === child) this.#teardown('disconnected');
    });
    this.#socat = child;
    this.#open = true;
    this.#linked = true;
  }

  /** Stops socat (the unplug) and makes sure the link is gone. Idempotent. */
  async close(): Promise<void> {
    const child = this.#socat;
    this.#teardown('closed');
    if (child) await stopProcess(child);
    // socat unlinks on SIGTERM; after a SIGKILL (ours, or from outside) the link is left behind.
    if (this.#linked) await removeStaleLink(this.target).catch(() => undefined);
  }

  write(bytes: Uint8Array): Promise<void> {
    const stdin = this.#open ? this.#socat?.stdin : undefined;
    if (!stdin || !stdin.writable) return Promise.reject(new TransportError('transport.not_open', `${this.target} is unplugged`));
    return new Promise<void>((resolve, reject) => {
      stdin.write(bytes, (error) =>
        error ? reject(new TransportError('transport.write_failed', `write to ${this.target} failed`, { cause: error })) : resolve(),
      );
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  #teardown(reason: TransportCloseReason): void {
    this.#socat = undefined;
    if (!this.#open) return;
    this.#open = false;
    this.#closeListeners.emit(reason);
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** A symlink left by a killed socat is removed; anything else at `path` is not ours to delete. */
async function removeStaleLink(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) return;
  if (!stat.isSymbolicLink()) throw new TransportError('transport.open_failed', `${path} exists and is not a symlink; refusing to replace it`);
  await rm(path, { force: true });
}

/** SIGTERM, SIGKILL if it lingers; resolves once it has exited (or after a bound). */
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
