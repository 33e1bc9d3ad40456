/**
 * kioskctl queue status / retry on a real kiosk database whose outbox holds
 * pending, waiting and dead rows. Row bodies carry a marker the output must
 * never show (contents are sealed on a real kiosk; here they are synthetic).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { auditEvents, BOUND_MS, cliError, json, kioskctl, removeTempDirs, storedState, tempDir } from './cli-support.ts';

const DAY_MS = 86_400_000;
const MARKER = 'BODY-MARKER-never-printed';

afterAll(removeTempDirs);

/**
 * A kiosk whose outbox holds: one row waiting for its next attempt, one dead
 * row two days old (young enough to send again), one dead row ten days old
 * (past outbox.maxAgeDays: 7), on separate streams.
 */
async function kioskWithQueue(): Promise<string> {
  const dataDir = tempDir('kioskctl-queue-');
  expect((await kioskctl(['config', 'set', 'kioskId', 'cli-queue-kiosk', '--data-dir', dataDir])).code).toBe(0);
  const db = openKioskDatabase(kioskDatabasePath(dataDir));
  let clock = Date.now() - 10 * DAY_MS;
  const outbox = new Outbox(db, { now: () => clock, maxAgeMs: 30 * DAY_MS });
  const add = (stream: string, key: string) =>
    outbox.enqueue({ stream, kind: 'heartbeat', idempotencyKey: `${key}-${MARKER}`, body: JSON.stringify({ note: MARKER }), keyId: null });
  const deadLetter = (reason: string) => {
    const row = outbox.claim('test-worker', 60_000)!;
    outbox.deadLetter(row.id, 'test-worker', reason);
  };
  db.prepare('DELETE FROM outbox').run(); // the config change's audit record: not part of this picture
  add('old', 'old');
  deadLetter('central.problem.invalid_input');
  clock = Date.now() - 2 * DAY_MS;
  add('young', 'young');
  deadLetter('central.rejected');
  clock = Date.now() - 3_600_000;
  add('waiting', 'waiting');
  const row = outbox.claim('test-worker', 60_000)!;
  outbox.retryLater(row.id, 'test-worker', { reason: 'central.unavailable' });
  // Its next attempt six hours out, whatever the backoff policy's cap.
  db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE stream = 'waiting'").run(Date.now() + 6 * 3_600_000);
  db.close();
  return dataDir;
}

describe('kioskctl queue status', { timeout: 4 * BOUND_MS }, () => {
  it('prints counts, the oldest pending age and dead rows with reasons; never a body or an idempotency key', async () => {
    const dataDir = await kioskWithQueue();
    const before = storedState(dataDir);
    const result = await kioskctl(['queue', 'status', '--data-dir', dataDir]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout);
    expect(out).toMatchObject({
      dataDir,
      pending: 1,
      dead: 2,
      inFlight: 0,
      oldestPending: { since: expect.any(String), ageHours: expect.any(Number) },
      maxAgeDays: 7,
      byKind: { heartbeat: { pending: 1, dead: 2 }, 'audit-events': { pending: 0, dead: 0 } },
    });
    const { ageHours } = out.oldestPending as { ageHours: number };
    expect(ageHours >= 1 && ageHours < 2).toBe(true);
    expect((out.deadRows as Record<string, unknown>[]).map((row) => [row.stream, row.reason, row.retryable])).toEqual([
      ['young', 'central.rejected', true],
      ['old', 'central.problem.invalid_input', false],
    ]);
    expect(Object.keys((out.deadRows as Record<string, unknown>[])[0]!).sort()).toEqual([
      'attempts',
      'createdAt',
      'deadAt',
      'id',
      'kind',
      'reason',
      'retryable',
      'stream',
    ]);
    expect(result.stdout).not.toContain(MARKER);
    // Read-only: nothing expired, rescheduled or queued.
    expect(storedState(dataDir)).toEqual(before);
  });

  it('exits 4 when the data directory has no kiosk database, and creates none', async () => {
    const dataDir = tempDir();
    for (const command of [
      ['queue', 'status'],
      ['queue', 'retry'],
    ]) {
      const result = await kioskctl([...command, '--data-dir', dataDir]);
      expect(result.code).toBe(4);
      expect(cliError(result).code).toBe('db.not_found');
    }
    expect(() => storedState(dataDir)).toThrow();
  });
});

describe('kioskctl queue retry', { timeout: 4 * BOUND_MS }, () => {
  it('makes waiting rows due now; with --dead revives the dead rows young enough to send; audits each retry', async () => {
    const dataDir = await kioskWithQueue();
    const plain = await kioskctl(['queue', 'retry', '--data-dir', dataDir]);
    expect(plain, plain.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(json(plain.stdout)).toMatchObject({ rescheduled: 1, revived: 0, queue: { pending: 2, dead: 2 } });

    const dead = await kioskctl(['queue', 'retry', '--dead', '--data-dir', dataDir]);
    expect(dead.code).toBe(0);
    const out = json(dead.stdout) as { revived: number; queue: { dead: number; deadRows: { stream: string }[] } };
    expect(out.revived).toBe(1);
    expect(out.queue.dead).toBe(1);
    expect(out.queue.deadRows.map((row) => row.stream)).toEqual(['old']);
    expect(dead.stdout).not.toContain(MARKER);

    expect(auditEvents(dataDir).map((event) => [event.type, event.detail])).toEqual([
      ['technician.queue_retried', { includeDead: false, via: 'kioskctl' }],
      ['technician.queue_retried', { includeDead: true, via: 'kioskctl' }],
    ]);
  });

  it('exits 2 for an unknown option', async () => {
    const result = await kioskctl(['queue', 'retry', '--all', '--data-dir', tempDir()]);
    expect(result.code).toBe(2);
  });
});
