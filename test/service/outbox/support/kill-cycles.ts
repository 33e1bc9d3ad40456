/**
 * The kill -9 harness of reliability-security.md §5.3 item 1, shared by the
 * crash-safety test and the benchmark: spawn crash-writer.ts, let it write,
 * SIGKILL it at a seeded random moment, reopen the database file and check
 * that `PRAGMA integrity_check` says ok, that every row the child
 * acknowledged (it acks only after the commit returned) is there, and that no
 * transaction was torn (every session row has its outbox row and back).
 *
 * Most cycles kill 0–`maxKillDelayMs` after the child said `ready` (it is then
 * sealing and committing in a loop); a share (`earlyKillShare`) kills at a
 * random time from the spawn, so some kills land while the child is starting,
 * opening or migrating the database.
 *
 * The children seal captures from a pool of POOL_SIZE citizens of the lane
 * (captures.ts), written once to a file beside the database: a row then costs
 * what the outbox costs, and central, draining, derives a few registry
 * enrolments rather than one per row. Each pool citizen's first row delivered
 * activates them; their later rows are refused as already enrolled (one
 * outcome per key either way). The report counts the pool citizens with a row.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openKioskDatabase } from '../../../../electron/service/db/database.ts';
import { defaultPopulation } from '../../../../synthetic/index.ts';
import { deferredCapture } from './captures.ts';
import { seededRandom } from './outbox-fixtures.ts';

const WRITER = join(import.meta.dirname, 'crash-writer.ts');
/** Bounds a child that neither writes nor dies (a bug, not slowness). */
const CHILD_HANG_MS = 30_000;
const POOL_SIZE = 8;

/** One pool entry: the index of an eligible (`ok`) citizen and their capture. */
export interface PooledCapture {
  readonly citizen: number;
  readonly fingerImage: string;
}

export interface KillCyclesOptions {
  readonly dbPath: string;
  readonly cycles: number;
  readonly seed: number;
  /** Key prefix of this run: `<lane>c<cycle>-<n>`. */
  readonly lane: string;
  readonly kioskId: string;
  readonly hpkePublicKey: unknown;
  readonly capturedAt: string;
  readonly maxKillDelayMs?: number;
  readonly earlyKillShare?: number;
  readonly earlyKillMaxMs?: number;
  readonly maxRowsPerCycle?: number;
  /** Where in the eligible citizens this run starts (two runs with different offsets enrol different people). */
  readonly citizenOffset?: number;
}

export interface KillCyclesReport {
  readonly cycles: number;
  /** Rows the children acknowledged. */
  readonly acknowledged: number;
  /** Acknowledged keys missing after a reopen (must be empty). */
  readonly lost: readonly string[];
  readonly integrityFailures: number;
  /** Session rows without their outbox row or outbox rows without their session (a torn transaction; must be 0). */
  readonly tornTransactions: number;
  /** Rows committed but not acknowledged before the kill (the window §1.2 describes; harmless, and expected). */
  readonly committedUnacknowledged: number;
  readonly killedBeforeReady: number;
  /** Every key in the outbox at the end. */
  readonly keys: readonly string[];
  /** Pool citizens with at least one of those keys: the accounts central opens when it drains them. */
  readonly citizens: number;
}

interface ChildRun {
  readonly acks: string[];
  readonly ready: boolean;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

function runChild(args: object, env: NodeJS.ProcessEnv, killAfterReadyMs: number | null, killAfterSpawnMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let ready = false;
    const kill = () => child.kill('SIGKILL');
    const timers = [setTimeout(kill, CHILD_HANG_MS)];
    if (killAfterSpawnMs !== null) timers.push(setTimeout(kill, killAfterSpawnMs));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!ready && /^ready$/m.test(stdout)) {
        ready = true;
        if (killAfterReadyMs !== null) timers.push(setTimeout(kill, killAfterReadyMs));
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      const acks = stdout
        .split('\n')
        .filter((line) => line.startsWith('ack '))
        .map((line) => line.split(' ')[2]!);
      resolve({ acks, ready, signal, code, stderr });
    });
  });
}

/**
 * Node's compile cache halves a child's start-up (most of a cycle). A killed
 * process never writes the cache, so one child that exits normally, on a
 * scratch database, fills it first; the killed children only read it.
 */
async function warmCompileCache(options: KillCyclesOptions, env: NodeJS.ProcessEnv, cacheDir: string): Promise<void> {
  const args = { ...childArguments(options, 'warm', 0), dbPath: join(cacheDir, 'warm-up.sqlite3'), maxRows: 1, exitWhenDone: true };
  const run = await runChild(args, env, null, null);
  if (run.code !== 0) throw new Error(`crash writer warm-up failed (code ${run.code}, signal ${run.signal}): ${run.stderr.slice(0, 2_000)}`);
}

function childArguments(options: KillCyclesOptions, prefix: string, firstCitizen: number) {
  return {
    dbPath: options.dbPath,
    capturesPath: capturesPath(options),
    kioskId: options.kioskId,
    hpkePublicKey: options.hpkePublicKey,
    prefix,
    firstCitizen,
    capturedAt: options.capturedAt,
    ...(options.maxRowsPerCycle !== undefined && { maxRows: options.maxRowsPerCycle }),
  };
}

const capturesPath = (options: KillCyclesOptions) => join(dirname(options.dbPath), 'captures.json');

function writeCapturePool(options: KillCyclesOptions): void {
  const eligible = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
  const offset = options.citizenOffset ?? 0;
  const pool: PooledCapture[] = Array.from({ length: POOL_SIZE }, (_, i) => ({
    citizen: offset + i,
    fingerImage: deferredCapture(eligible[offset + i]!, 1 + i),
  }));
  mkdirSync(dirname(options.dbPath), { recursive: true });
  writeFileSync(capturesPath(options), JSON.stringify(pool));
}

/** The pool entry the child used for row `n` of a cycle that started at `firstCitizen` (crash-writer.ts). */
export const poolIndex = (firstCitizen: number, n: number) => (firstCitizen + n) % POOL_SIZE;

export async function runKillCycles(options: KillCyclesOptions): Promise<KillCyclesReport> {
  const random = seededRandom(options.seed);
  writeCapturePool(options);
  const cacheDir = join(dirname(options.dbPath), '.node-compile-cache');
  const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir };
  await warmCompileCache(options, env, cacheDir);
  const acknowledged = new Set<string>();
  const lost = new Set<string>();
  let integrityFailures = 0;
  let tornTransactions = 0;
  let committedUnacknowledged = 0;
  let killedBeforeReady = 0;
  let rowsBefore = 0;
  let keys: string[] = [];
  const firstCitizenOf = new Map<string, number>();
  for (let cycle = 0; cycle < options.cycles; cycle++) {
    const early = random() < (options.earlyKillShare ?? 0.15);
    const delay = Math.floor(random() * (early ? (options.earlyKillMaxMs ?? 150) : (options.maxKillDelayMs ?? 20)));
    const firstCitizen = (options.citizenOffset ?? 0) + acknowledged.size + cycle;
    firstCitizenOf.set(`${options.lane}c${cycle}`, firstCitizen);
    const run = await runChild(childArguments(options, `${options.lane}c${cycle}`, firstCitizen), env, early ? null : delay, early ? delay : null);
    if (run.signal !== 'SIGKILL') throw new Error(`crash writer ended by itself (code ${run.code}, signal ${run.signal}): ${run.stderr.slice(0, 2_000)}`);
    if (!run.ready) killedBeforeReady += 1;
    run.acks.forEach((key) => acknowledged.add(key));

    const db = openKioskDatabase(options.dbPath);
    try {
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') integrityFailures += 1;
      keys = (db.prepare('SELECT idempotency_key AS k FROM outbox ORDER BY id').all() as { k: string }[]).map((r) => r.k);
      const present = new Set(keys);
      for (const key of acknowledged) if (!present.has(key)) lost.add(key);
      tornTransactions += (
        db
          .prepare(
            `SELECT (SELECT count(*) FROM sessions WHERE id NOT IN (SELECT 'session-' || idempotency_key FROM outbox))
                  + (SELECT count(*) FROM outbox WHERE 'session-' || idempotency_key NOT IN (SELECT id FROM sessions)) AS n`,
          )
          .get() as { n: number }
      ).n;
      committedUnacknowledged += keys.length - rowsBefore - run.acks.length;
      rowsBefore = keys.length;
    } finally {
      db.close();
    }
  }
  const citizens = new Set(
    keys.map((key) => {
      const [prefix, n] = key.split('-');
      return poolIndex(firstCitizenOf.get(prefix!)!, Number(n));
    }),
  ).size;
  return {
    cycles: options.cycles,
    acknowledged: acknowledged.size,
    lost: [...lost],
    integrityFailures,
    tornTransactions,
    committedUnacknowledged,
    killedBeforeReady,
    keys,
    citizens,
  };
}
