/**
 * Crash safety, end to end (reliability-security.md §5.3 items 1 and 3):
 *
 * 1. Two lanes of kill -9 cycles (100 each by default; OUTBOX_CRASH_CYCLES
 *    sets the total), each lane on its own kiosk database: a child seals
 *    deferred enrollments of synthetic citizens to the sandbox's real HPKE key
 *    and commits them one transaction each; it is SIGKILLed at a random
 *    moment; the file is reopened: integrity_check ok every time, every
 *    acknowledged key present, no torn transaction.
 * 2. The survivors of lane A are drained by two delivery workers (two owners,
 *    two database connections) over HTTPS + mTLS to the central sandbox,
 *    through the service's own delivery path: the kiosk's CentralClient and
 *    central-link.ts's `deliverOutboxRow` (postSerialized, one attempt,
 *    classified by deliveryOutcomeOf).
 * 3. The survivors of lane B are drained under injected faults: responses
 *    lost after central committed, connections dropped, 503s with Retry-After.
 *
 * Then central's own database is counted: one idempotency record per key,
 * each key's synthetic address got exactly one outcome (activated: password +
 * notice; rejected: one notice), as many accounts as activation notices, one
 * account for each pool citizen who had a row (kill-cycles.ts).
 * Timeouts only bound hangs.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { deliverOutboxRow } from '../../../electron/service/central/central-link.ts';
import { DeliveryWorker, type DeliveryOutcome } from '../../../electron/service/outbox/delivery-worker.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { centralEffects, startOutboxSandbox, type OutboxSandbox } from './support/central-sandbox.ts';
import { runKillCycles, type KillCyclesReport } from './support/kill-cycles.ts';
import { emailForKey, removeTempDirs, T0, tempDir } from './support/outbox-fixtures.ts';

const KIOSK_ID = 'kiosk-crash-01';
const TOTAL_CYCLES = Number(process.env.OUTBOX_CRASH_CYCLES ?? 200);
const FAST = { baseMs: 5, capMs: 50, hardCapMs: 100 };
const HANG_MS = 240_000;
/**
 * What central sends a key's synthetic address when it processed the key once:
 * activated (the generated password and the activation notice), or refused
 * (one notice; e.g. the citizen was enrolled already, or a rare genuine
 * capture that did not match). A key processed twice would show more.
 */
const ONE_OUTCOME = [['generated_password', 'account_activated'], ['deferred_enrollment_failed']];

let dir: string;
let sandbox: OutboxSandbox;
const lanes: Record<'a' | 'b', { dbPath: string; report?: KillCyclesReport }> = { a: { dbPath: '' }, b: { dbPath: '' } };

beforeAll(async () => {
  dir = tempDir('kiosk-crash-');
  sandbox = await startOutboxSandbox(join(dir, 'central'), KIOSK_ID);
  lanes.a.dbPath = kioskDatabasePath(join(dir, 'kiosk-a'));
  lanes.b.dbPath = kioskDatabasePath(join(dir, 'kiosk-b'));
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  removeTempDirs();
});

interface DrainReport {
  readonly outcomes: Record<string, number>;
  readonly replayed: number;
  readonly deliveredEvents: number;
}

/** Runs `owners.length` workers, each on its own database connection, sharing the kiosk's client, until the outbox is empty. */
async function drain(dbPath: string, owners: string[]): Promise<DrainReport> {
  const outcomes: Record<string, number> = {};
  let replayed = 0;
  let deliveredEvents = 0;
  const workers = owners.map((owner) => {
    const worker = new DeliveryWorker({
      outbox: new Outbox(openKioskDatabase(dbPath), { backoff: FAST }),
      owner,
      breaker: FAST,
      idleMs: 50,
      deliver: async (row) => {
        let outcome: DeliveryOutcome;
        try {
          outcome = await deliverOutboxRow(sandbox.client, row);
        } catch (error) {
          outcomes.threw = (outcomes.threw ?? 0) + 1;
          throw error;
        }
        const label = outcome.type === 'delivered' ? 'delivered' : outcome.reason;
        outcomes[label] = (outcomes[label] ?? 0) + 1;
        if (outcome.type === 'delivered' && outcome.replayed) replayed += 1;
        return outcome;
      },
    });
    worker.onDelivered(() => (deliveredEvents += 1));
    return worker;
  });
  const watch = new Outbox(openKioskDatabase(dbPath));
  workers.forEach((w) => w.start());
  const started = Date.now();
  while (watch.stats().pending > 0 && Date.now() - started < HANG_MS) await new Promise((resolve) => setTimeout(resolve, 25));
  await Promise.all(workers.map((w) => w.stop()));
  expect(watch.stats()).toMatchObject({ pending: 0, dead: 0 });
  return { outcomes, replayed, deliveredEvents };
}

describe('the outbox under kill -9 and an unreliable network', () => {
  it(
    `keeps every acknowledged row, and an intact file, across ${TOTAL_CYCLES} SIGKILLs at random moments`,
    async () => {
      // Two rows a cycle at most: central extracts minutiae from every row's finger image when it drains them,
      // so the rows, not the kills, would otherwise set the drains' length; a kill still lands amid the commits.
      const common = { kioskId: KIOSK_ID, hpkePublicKey: sandbox.hpkePublicKey, capturedAt: new Date(T0 - 3_600_000).toISOString(), maxRowsPerCycle: 2 };
      const perLane = Math.ceil(TOTAL_CYCLES / 2);
      const [a, b] = await Promise.all([
        runKillCycles({ ...common, dbPath: lanes.a.dbPath, cycles: perLane, seed: 11, lane: 'a' }),
        runKillCycles({ ...common, dbPath: lanes.b.dbPath, cycles: TOTAL_CYCLES - perLane, seed: 29, lane: 'b', citizenOffset: 365 }),
      ]);
      lanes.a.report = a;
      lanes.b.report = b;
      for (const report of [a, b]) {
        expect(report.integrityFailures).toBe(0);
        expect(report.lost).toEqual([]);
        expect(report.tornTransactions).toBe(0);
        expect(report.acknowledged).toBeGreaterThan(0);
        // Rows committed but never acknowledged are allowed (the child died between commit and print): never the other way.
        expect(report.committedUnacknowledged).toBeGreaterThanOrEqual(0);
      }
      expect(a.cycles + b.cycles).toBeGreaterThanOrEqual(TOTAL_CYCLES);
    },
    HANG_MS,
  );

  it(
    'drains lane A through two workers over HTTPS + mTLS: each row delivered once, each key processed once',
    async () => {
      const { keys } = lanes.a.report!;
      const report = await drain(lanes.a.dbPath, ['kiosk-worker-1', 'kiosk-worker-2']);
      expect(report.deliveredEvents).toBe(keys.length);
      expect(report.outcomes).toEqual({ delivered: keys.length });
      const effects = centralEffects(sandbox.db, KIOSK_ID);
      expect(effects.idempotencyRecords).toBe(keys.length);
      expect(effects.idempotencyDone).toBe(keys.length);
      for (const key of keys) expect(ONE_OUTCOME).toContainEqual(effects.byRecipient.get(emailForKey(key)));
      expect(effects.activationNotices).toBeGreaterThan(0);
      expect(effects.accounts).toBe(effects.activationNotices);
      // Each pool citizen with a row is activated once (kill-cycles.ts); their other rows are refused.
      expect(effects.accounts).toBe(lanes.a.report!.citizens);
    },
    HANG_MS,
  );

  it(
    'drains lane B while central loses responses after committing, drops connections and answers 503: still no duplicate at central',
    async () => {
      const { keys } = lanes.b.report!;
      sandbox.server.setFaults({ loseResponseRate: 0.3, dropRate: 0.1, errorRate: 0.1, seed: 7 });
      let report: DrainReport;
      try {
        report = await drain(lanes.b.dbPath, ['kiosk-worker-1', 'kiosk-worker-2']);
      } finally {
        sandbox.server.setFaults(null);
      }
      expect(report.deliveredEvents).toBe(keys.length);
      expect(report.outcomes.delivered).toBe(keys.length);
      expect(report.outcomes.threw).toBeUndefined(); // every failure is an outcome, none an exception
      if (keys.length >= 20) {
        expect(report.outcomes['central.unavailable.connection_reset']).toBeGreaterThan(0); // lost responses and drops: the connection closes unanswered
        expect(report.replayed).toBeGreaterThan(0); // a retry met the response stored before it was lost
        expect(report.outcomes['central.unavailable.fault_injected']).toBeGreaterThan(0);
      }

      const effects = centralEffects(sandbox.db, KIOSK_ID);
      const allKeys = [...lanes.a.report!.keys, ...keys];
      expect(effects.idempotencyRecords).toBe(allKeys.length);
      expect(effects.idempotencyDone).toBe(allKeys.length);
      expect(new Set(effects.byRecipient.keys())).toEqual(new Set(allKeys.map(emailForKey)));
      for (const key of keys) expect(ONE_OUTCOME).toContainEqual(effects.byRecipient.get(emailForKey(key)));
      // No citizen activated twice: every activation made one account and one notice, and no more.
      expect(effects.accounts).toBe(effects.activationNotices);
      expect(effects.accounts).toBe(lanes.a.report!.citizens + lanes.b.report!.citizens);
    },
    HANG_MS,
  );
});
