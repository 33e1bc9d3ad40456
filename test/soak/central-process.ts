/**
 * The central sandbox in a process of its own (`node central/main.ts`, as
 * `npm run central` runs it), forked with an IPC channel and
 * CENTRAL_SOAK_CONTROL=1 so the harness can arm faults, get registration
 * tokens and reset accounts (central/server/soak-control.ts). Stopping it and
 * starting it again on the same port and data directory is "central down".
 */
import { type ChildProcess, fork } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SoakControlAnswer, SoakControlRequest } from '../../central/server/soak-control.ts';

export const REPO_ROOT = join(import.meta.dirname, '../..');

export interface CentralProcessOptions {
  readonly dataDir: string;
  /** Where its stderr (JSON log lines) goes. */
  readonly logFile: string;
  readonly devKioskId: string;
  /** Multiplies the verification rate limits (CENTRAL_SANDBOX_RATE_LIMIT_SCALE). */
  readonly rateLimitScale: number;
}

export interface CentralProcess {
  readonly url: string;
  readonly caCertificateFile: string;
  /** The token printed at the latest start, for `devKioskId`. */
  readonly devToken: string;
  readonly running: boolean;
  readonly pid: number | undefined;
  control(request: SoakControlRequest): Promise<SoakControlAnswer & { ok: true }>;
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Calls `listener` when the process exits without having been asked to. */
  onUnexpectedExit(listener: (code: number | null, signal: string | null) => void): void;
}

interface Started {
  child: ChildProcess;
  url: string;
  caCertificateFile: string;
  devToken: string;
}

function launch(options: CentralProcessOptions, port: number): Promise<Started> {
  const log = openSync(options.logFile, 'a');
  const child = fork(join(REPO_ROOT, 'central/main.ts'), [], {
    env: {
      ...process.env,
      CENTRAL_DATA_DIR: options.dataDir,
      CENTRAL_PORT: String(port),
      CENTRAL_DEV_KIOSK_ID: options.devKioskId,
      CENTRAL_SOAK_CONTROL: '1',
      CENTRAL_SANDBOX_RATE_LIMIT_SCALE: String(options.rateLimitScale),
      CENTRAL_FAULTS: '',
    },
    stdio: ['ignore', 'pipe', log, 'ipc'],
    serialization: 'json',
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    let ca: string | undefined;
    let token: string | undefined;
    const timer = setTimeout(() => reject(new Error('central did not print its address within 120 s')), 120_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`central exited (${code ?? signal}) before printing its address; see ${options.logFile}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      url ??= /^Central API: (https:\/\/\S+)$/.exec(line)?.[1];
      ca ??= /^CA certificate: (.+)$/.exec(line)?.[1];
      token ??= /^Registration token for \S+ \(until [^)]*\): (\S+)$/.exec(line)?.[1];
      if (url !== undefined && ca !== undefined && token !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url, caCertificateFile: ca, devToken: token });
      }
    });
  });
}

export async function startCentralProcess(options: CentralProcessOptions): Promise<CentralProcess> {
  let current: Started | null = await launch(options, 0);
  const port = Number(new URL(current.url).port);
  let nextId = 0;
  const pending = new Map<number, (answer: SoakControlAnswer) => void>();
  const unexpected: ((code: number | null, signal: string | null) => void)[] = [];
  let stopping = false;

  const attach = (started: Started) => {
    started.child.on('message', (message: { id?: number; answer?: SoakControlAnswer }) => {
      if (typeof message?.id !== 'number' || !message.answer) return;
      pending.get(message.id)?.(message.answer);
      pending.delete(message.id);
    });
    started.child.once('exit', (code, signal) => {
      for (const resolve of pending.values()) resolve({ ok: false, error: 'central_exited' });
      pending.clear();
      if (current?.child === started.child) current = null;
      if (!stopping) for (const listener of unexpected) listener(code, signal);
    });
  };
  attach(current);

  const handle: CentralProcess = {
    get url() {
      return `https://127.0.0.1:${port}`;
    },
    get caCertificateFile() {
      return current?.caCertificateFile ?? '';
    },
    get devToken() {
      return current?.devToken ?? '';
    },
    get running() {
      return current !== null;
    },
    get pid() {
      return current?.child.pid;
    },
    control(request) {
      const child = current?.child;
      if (!child?.connected) return Promise.reject(new Error(`central is not running for ${request.type}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (answer) => (answer.ok ? resolve(answer) : reject(new Error(`central refused ${request.type}: ${answer.error}`))));
        child.send({ id, request });
      });
    },
    async stop() {
      const child = current?.child;
      if (!child) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      stopping = false;
    },
    async restart() {
      await handle.stop();
      const started = await launch(options, port);
      current = started;
      attach(started);
    },
    onUnexpectedExit: (listener) => void unexpected.push(listener),
  };
  return handle;
}
