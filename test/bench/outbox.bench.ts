/**
 * `node test/bench/outbox.bench.ts`: the offline outbox's figures, printed
 * with units (reliability-security.md §8 sets the goals: enqueue p99 < 20 ms
 * on target hardware; 0 acknowledged rows lost across ≥ 1,000 SIGKILLs):
 *
 *  - enqueue latency: seal a deferred-enrollment bundle with HPKE + insert the
 *    outbox row and a session row + commit (WAL, synchronous=FULL), one
 *    transaction per enrollment, median and p99; the same for a bare
 *    better-sqlite3 insert of a body of the same size with the same pragmas,
 *    and the ratio (what sealing, validation and the outbox cost on top);
 *  - drain rate against the local central sandbox over HTTPS + mTLS through
 *    the service's delivery path (the kiosk's CentralClient, one keep-alive
 *    pool of two connections, and central-link.ts's `deliverOutboxRow`), with
 *    one and with two delivery workers: rows/s, where each row is a full
 *    deferred enrollment at central (open, verify with the matcher, activate
 *    with a toy-cost Argon2id);
 *  - kill -9 cycles (crash-writer.ts, two lanes at once): acknowledged rows
 *    lost, integrity_check failures, torn transactions.
 *
 * BENCH_ENQUEUES (default 1000), BENCH_DRAIN_ROWS (default 300) and
 * BENCH_KILL_CYCLES (default 1000) scale it. Not a test: nothing here passes
 * or fails on the machine's speed (the kill cycles do exit non-zero if a row
 * was lost, since that is a correctness failure, not a figure).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kioskDatabasePath, openKioskDatabase } from '../../electron/service/db/database.ts';
import { deliverOutboxRow } from '../../electron/service/central/central-link.ts';
import { DeliveryWorker } from '../../electron/service/outbox/delivery-worker.ts';
import { Outbox, type OutboxRow } from '../../electron/service/outbox/outbox.ts';
import {
  DEFERRED_ENROLLMENT_VERSION,
  sealDeferredEnrollment,
  type CentralSealingKey,
  type DeferredEnrollmentBundle,
} from '../../electron/service/outbox/sealing.ts';
import { defaultPopulation } from '../../synthetic/index.ts';
import { deferredCapture } from '../service/outbox/support/captures.ts';
import { centralEffects, startOutboxSandbox } from '../service/outbox/support/central-sandbox.ts';
import { runKillCycles } from '../service/outbox/support/kill-cycles.ts';
import { emailForKey, removeTempDirs, T0, tempDir } from '../service/outbox/support/outbox-fixtures.ts';

const ENQUEUES = Number(process.env.BENCH_ENQUEUES ?? 1000);
const DRAIN_ROWS = Number(process.env.BENCH_DRAIN_ROWS ?? 300);
const KILL_CYCLES = Number(process.env.BENCH_KILL_CYCLES ?? 1000);
const KIOSK_ID = 'kiosk-bench-01';
const out = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const ms = (value: number) => `${value.toFixed(3)} ms`;

const eligible = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
/**
 * Captures are made once per citizen and kept: rendering and judging a finger
 * image is the reader's and the session's work, not the outbox's, and is not timed.
 */
const captures = new Map<number, string>();
/** What the session has in hand when it enqueues. */
function bundleFor(n: number, key: string): DeferredEnrollmentBundle {
  const index = n % eligible.length;
  const citizen = eligible[index]!;
  let fingerImage = captures.get(index);
  if (fingerImage === undefined) captures.set(index, (fingerImage = deferredCapture(citizen, 1)));
  return {
    version: DEFERRED_ENROLLMENT_VERSION,
    capturedAt: new Date(T0 - 3_600_000).toISOString(),
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    fingerImage,
    email: emailForKey(key),
    phone: '+56911110000',
    generate: 'email',
    language: 'es-CL',
  };
}

/** One enrollment's transaction: the session row and the outbox row commit together (the transactional outbox). */
type CommitEnrollment = (idempotencyKey: string, body: string, keyId: string) => void;

function enrollmentCommitter(db: Database.Database, outbox: Outbox): CommitEnrollment {
  const insertSession = db.prepare("INSERT INTO sessions (id, mode, started_at, ended_at, outcome) VALUES (?, 'chileatiende', ?, ?, 'deferred')");
  return db.transaction((idempotencyKey: string, body: string, keyId: string) => {
    const now = Date.now();
    insertSession.run(`session-${idempotencyKey}`, now, now);
    outbox.enqueue({ stream: `session-${idempotencyKey}`, kind: 'deferred-enrollment', idempotencyKey, body, keyId });
  });
}

async function enqueueRows(
  commit: CommitEnrollment,
  key: CentralSealingKey,
  prefix: string,
  count: number,
  firstCitizen: number,
): Promise<{ sealMs: number[]; enqueueMs: number[]; bodyBytes: number[] }> {
  const sealMs: number[] = [];
  const enqueueMs: number[] = [];
  const bodyBytes: number[] = [];
  for (let i = 0; i < count; i++) {
    const idempotencyKey = `${prefix}-${i}`;
    const bundle = bundleFor(firstCitizen + i, idempotencyKey);
    const t0 = performance.now();
    const body = await sealDeferredEnrollment(key, KIOSK_ID, idempotencyKey, bundle);
    const t1 = performance.now();
    commit(idempotencyKey, body, key.keyId);
    const t2 = performance.now();
    sealMs.push(t1 - t0);
    enqueueMs.push(t2 - t0);
    bodyBytes.push(Buffer.byteLength(body));
  }
  return { sealMs, enqueueMs, bodyBytes };
}

function bareInserts(path: string, bodyBytes: number, count: number): number[] {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO bare (key, body) VALUES (?, ?)');
  const body = 'x'.repeat(bodyBytes);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    insert.run(`bare-${i}`, body); // autocommit: one transaction, one WAL sync, like one enqueue
    times.push(performance.now() - t0);
  }
  db.close();
  return times;
}

async function drain(sandbox: Awaited<ReturnType<typeof startOutboxSandbox>>, dbPath: string, workers: number): Promise<number> {
  const fast = { baseMs: 10, capMs: 100, hardCapMs: 200 };
  const deliver = (row: OutboxRow) => deliverOutboxRow(sandbox.client, row);
  const running = Array.from(
    { length: workers },
    (_, i) => new DeliveryWorker({ outbox: new Outbox(openKioskDatabase(dbPath), { backoff: fast }), owner: `bench-${i}`, breaker: fast, idleMs: 50, deliver }),
  );
  const watch = new Outbox(openKioskDatabase(dbPath));
  const t0 = performance.now();
  running.forEach((w) => w.start());
  while (watch.stats().pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(running.map((w) => w.stop()));
  const { dead } = watch.stats();
  if (dead > 0) out(`    (${dead} rows dead-lettered: ${JSON.stringify(watch.stats().deadRows.slice(0, 3))})`);
  return seconds;
}

const dir = tempDir('kiosk-outbox-bench-');
let failed = false;
try {
  const sandbox = await startOutboxSandbox(join(dir, 'central'), KIOSK_ID);
  try {
    // 1. Enqueue latency.
    const enqueuePath = kioskDatabasePath(join(dir, 'enqueue'));
    const enqueueDb = openKioskDatabase(enqueuePath);
    const commitEnrollment = enrollmentCommitter(enqueueDb, new Outbox(enqueueDb));
    await enqueueRows(commitEnrollment, sandbox.sealingKey, 'warm', 20, 0); // JIT and Web Crypto warm-up, not measured
    const { sealMs, enqueueMs, bodyBytes } = await enqueueRows(commitEnrollment, sandbox.sealingKey, 'enq', ENQUEUES, 20);
    enqueueDb.close();
    const medianBody = quantile(bodyBytes, 0.5);
    const bare = bareInserts(join(dir, 'bare.sqlite3'), medianBody, ENQUEUES);
    const [e50, e99, b50, b99] = [quantile(enqueueMs, 0.5), quantile(enqueueMs, 0.99), quantile(bare, 0.5), quantile(bare, 0.99)];
    out(
      `enqueue (HPKE seal + outbox row + session row + commit, WAL + synchronous=FULL), ${ENQUEUES} deferred enrollments, body ${Math.min(...bodyBytes)}–${Math.max(...bodyBytes)} bytes (median ${medianBody})`,
    );
    out(`  enqueue:     median ${ms(e50)}, p99 ${ms(e99)}  (seal alone: median ${ms(quantile(sealMs, 0.5))}, p99 ${ms(quantile(sealMs, 0.99))})`);
    out(`  bare insert: median ${ms(b50)}, p99 ${ms(b99)}  (better-sqlite3, same pragmas, same body size, one autocommit insert)`);
    out(`  ratio enqueue / bare insert: median ${(e50 / b50).toFixed(1)}×, p99 ${(e99 / b99).toFixed(1)}×`);

    // 2. Drain rate.
    out(
      `drain to the central sandbox over HTTPS + mTLS (loopback, the kiosk's CentralClient: a keep-alive pool of 2 connections, central in this same process), ${DRAIN_ROWS} deferred enrollments per run`,
    );
    for (const workers of [1, 2]) {
      const path = kioskDatabasePath(join(dir, `drain-${workers}`));
      const db = openKioskDatabase(path);
      await enqueueRows(enrollmentCommitter(db, new Outbox(db)), sandbox.sealingKey, `drain${workers}`, DRAIN_ROWS, workers * DRAIN_ROWS);
      db.close();
      const seconds = await drain(sandbox, path, workers);
      out(`  ${workers} worker${workers > 1 ? 's' : ' '}: ${DRAIN_ROWS} rows in ${seconds.toFixed(2)} s = ${(DRAIN_ROWS / seconds).toFixed(0)} rows/s`);
    }
    const effects = centralEffects(sandbox.db, KIOSK_ID);
    out(`  central: ${effects.idempotencyRecords} idempotency records, ${effects.accounts} accounts, ${effects.activationNotices} activation notices`);

    // 3. kill -9 cycles.
    const t0 = performance.now();
    const perLane = Math.ceil(KILL_CYCLES / 2);
    const common = { kioskId: KIOSK_ID, hpkePublicKey: sandbox.hpkePublicKey, capturedAt: new Date(T0 - 3_600_000).toISOString() };
    const reports = await Promise.all([
      runKillCycles({ ...common, dbPath: kioskDatabasePath(join(dir, 'kill-a')), cycles: perLane, seed: 101, lane: 'a' }),
      runKillCycles({ ...common, dbPath: kioskDatabasePath(join(dir, 'kill-b')), cycles: KILL_CYCLES - perLane, seed: 202, lane: 'b', citizenOffset: 365 }),
    ]);
    const sum = (pick: (r: (typeof reports)[number]) => number) => reports.reduce((total, r) => total + pick(r), 0);
    const lost = sum((r) => r.lost.length);
    out(
      `kill -9 (SIGKILL at a random moment, WAL + synchronous=FULL, two lanes at once): ${sum((r) => r.cycles)} cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    out(
      `  acknowledged rows ${sum((r) => r.acknowledged)}, lost ${lost}; integrity_check failures ${sum((r) => r.integrityFailures)}; torn transactions ${sum((r) => r.tornTransactions)}`,
    );
    out(
      `  committed but not acknowledged before the kill ${sum((r) => r.committedUnacknowledged)}; killed before the child was ready ${sum((r) => r.killedBeforeReady)}`,
    );
    failed = lost > 0 || sum((r) => r.integrityFailures) > 0 || sum((r) => r.tornTransactions) > 0;
  } finally {
    await sandbox.close();
  }
} finally {
  removeTempDirs();
}
process.exit(failed ? 1 : 0);
