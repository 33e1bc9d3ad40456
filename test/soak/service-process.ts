/**
 * One kiosk service in its own process, as in production: the browser host's
 * way (child_process.fork of electron/service/process-entry.ts with the
 * KIOSK_* environment it gives the service), reached through the production
 * host link (electron/host/service-link.ts): every command and event is
 * checked against the contract's schemas and bounded by its timeout.
 *
 * When the service dies the harness starts it again at once, as the recovery
 * ladder's first rung does; a death the harness did not cause is counted as
 * an error by the caller (`onUnexpectedExit`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result, SessionSnapshot } from '../../electron/contract/index.ts';
import { adaptChildProcess } from '../../electron/browser-host/server/service-link.ts';
import { type ChildServiceLink, createChildServiceLink } from '../../electron/host/service-link.ts';
import { SERVICE_EXEC_ARGV, serviceProcessEnv } from '../../electron/host/service-memory-settings.ts';
import { createLogger } from '../../common/log.ts';
import { kibFields, memoryProbeEnv, readMemoryProbe, residentByMapping } from '../support/process-memory.ts';
import { REPO_ROOT } from './central-process.ts';

export interface SoakKioskOptions {
  readonly kioskId: string;
  readonly mode: 'civil-digital' | 'chileatiende';
  readonly dataDir: string;
  readonly logFile: string;
  readonly centralUrl: string;
  readonly centralCaFile: string;
  readonly registrationToken: string;
  readonly idleTimeoutSeconds: number;
  readonly onUnexpectedExit: (code: number | null) => void;
}

export interface Rss {
  readonly vmRssKiB: number;
  readonly rssAnonKiB: number;
  readonly rssFileKiB: number;
}

/** Where a service's resident memory is, in KiB (/proc) and bytes (`probe`: the process's own split, V8 spaces included). */
export interface MemoryReading {
  readonly kib: Readonly<Record<string, number>>;
  readonly probe: Readonly<Record<string, number>> | undefined;
}

export interface SoakKiosk {
  readonly kioskId: string;
  /** The live service process's id (a new one after each restart). */
  pid(): number | undefined;
  /** Processes started so far minus one. */
  restarts(): number;
  invoke(command: string, payload?: unknown): Promise<Result<unknown>>;
  latest(): SessionSnapshot | null;
  /** Resolves with the first snapshot (the latest one included) that satisfies `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (snapshot: SessionSnapshot) => boolean, timeoutMs: number, what: string): Promise<SessionSnapshot>;
  /** SIGKILL, as a crash would; resolves once the restarted service has said it is ready. */
  kill(): Promise<void>;
  whenAvailable(timeoutMs: number): Promise<void>;
  rss(): Rss | null;
  /** /proc status and mappings, and the in-process probe's split (no forced collection: the process as it is). */
  memory(): Promise<MemoryReading | null>;
  close(): Promise<void>;
}

export function readRss(pid: number): Rss | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = kibFields(status, ['VmRSS', 'RssAnon', 'RssFile']);
  return { vmRssKiB: kib.VmRSS!, rssAnonKiB: kib.RssAnon!, rssFileKiB: kib.RssFile! };
}

export async function startSoakKiosk(options: SoakKioskOptions): Promise<SoakKiosk> {
  const log = createLogger(() => undefined, 'soak-host', 'error');
  let proc: ChildProcess | null = null;
  let starts = 0;
  let killing = false;
  let latest: SessionSnapshot | null = null;
  const wakers = new Set<() => void>();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KIOSK_DATA_DIR: options.dataDir,
    KIOSK_ID: options.kioskId,
    KIOSK_MODE: options.mode,
    KIOSK_SIMULATED: '1',
    KIOSK_CENTRAL_URL: options.centralUrl,
    KIOSK_CENTRAL_CA: options.centralCaFile,
    KIOSK_CENTRAL_TOKEN: options.registrationToken,
    KIOSK_IDLE_TIMEOUT_S: String(options.idleTimeoutSeconds),
    KIOSK_LOG_LEVEL: 'warn',
    KIOSK_VERSION: 'soak',
    // A picture of every receipt is the simulator's work, not the kiosk's; the transcripts stay.
    KIOSK_SIMULATED_RECEIPT_PNG: '0',
    // The memory probe (test/bench/service-memory-probe.ts), read at the RSS points, without a forced collection.
    ...memoryProbeEnv(join(options.dataDir, 'memory-probe.json'), process.env.NODE_OPTIONS, false),
  };
  const link: ChildServiceLink = createChildServiceLink({
    launch: () => {
      const out = openSync(options.logFile, 'a');
      // The hosts' own start settings (V8 young generation, --expose-gc, glibc malloc): the process measured is the one a kiosk runs.
      proc = fork(join(REPO_ROOT, 'electron/service/process-entry.ts'), [], {
        env: serviceProcessEnv(env),
        execArgv: [...process.execArgv, ...SERVICE_EXEC_ARGV],
        stdio: ['ignore', out, out, 'ipc'],
        serialization: 'json',
      });
      closeSync(out);
      starts += 1;
      return adaptChildProcess(proc);
    },
    log,
    onExit: (code) => {
      if (!killing) options.onUnexpectedExit(code);
      killing = false;
      latest = null;
      link.start();
    },
  });
  link.onEvent((event, payload) => {
    if (event !== 'session.snapshot') return;
    const snapshot = payload as SessionSnapshot;
    if (latest !== null && snapshot.revision < latest.revision && snapshot.sessionId === latest.sessionId) return;
    latest = snapshot;
    for (const wake of [...wakers]) wake();
  });
  link.start();

  const kiosk: SoakKiosk = {
    kioskId: options.kioskId,
    pid: () => proc?.pid,
    restarts: () => Math.max(0, starts - 1),
    invoke: (command, payload) => link.invoke(command, payload),
    latest: () => latest,
    async waitFor(predicate, timeoutMs, what) {
      const until = Date.now() + timeoutMs;
      let polled = Date.now();
      for (;;) {
        if (latest !== null && predicate(latest)) return latest;
        if (Date.now() > until) throw new Error(`${options.kioskId}: ${what} not reached within ${timeoutMs} ms (last step ${latest?.step ?? 'none'})`);
        // Events are the fast path; a poll now and then covers an event lost to a restart.
        if (Date.now() - polled > 1000) {
          polled = Date.now();
          const result = await link.invoke('session.snapshot', undefined);
          if (result.ok) {
            const snapshot = result.value as SessionSnapshot;
            if (latest === null || snapshot.revision >= latest.revision || snapshot.sessionId !== latest.sessionId) latest = snapshot;
            continue;
          }
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 200);
          function done() {
            clearTimeout(timer);
            wakers.delete(done);
            resolve();
          }
          wakers.add(done);
        });
      }
    },
    async kill() {
      const victim = proc;
      if (!victim || victim.exitCode !== null) return;
      killing = true;
      const exited = new Promise<void>((resolve) => victim.once('exit', () => resolve()));
      victim.kill('SIGKILL');
      await exited;
      await kiosk.whenAvailable(120_000);
    },
    async whenAvailable(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (link.status().state !== 'available' || proc === null || proc.exitCode !== null) {
        if (Date.now() > until) throw new Error(`${options.kioskId}: service not available within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    rss: () => (proc?.pid === undefined ? null : readRss(proc.pid)),
    async memory() {
      const pid = proc?.pid;
      if (pid === undefined) return null;
      try {
        const probe = await readMemoryProbe(pid, join(options.dataDir, 'memory-probe.json'));
        const kib = { ...kibFields(readFileSync(`/proc/${pid}/status`, 'utf8'), ['VmRSS', 'RssAnon', 'RssFile', 'RssShmem']), ...residentByMapping(pid) };
        return { kib, probe };
      } catch {
        return null;
      }
    },
    close: () => link.close(),
  };
  await link.firstReady;
  await kiosk.whenAvailable(60_000);
  return kiosk;
}
