/**
 * The delivery worker on a manual clock: order, outcomes, sleeping until the
 * next row is due, the circuit breaker, stop(), several workers on one file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../../electron/service/db/database.ts';
import type { LogFields, Logger, LogLevel } from '../../../common/log.ts';
import { DEFAULT_IDLE_MS, DeliveryWorker, type DeliveryOutcome, type DeliveryWorkerOptions } from '../../../electron/service/outbox/delivery-worker.ts';
import { Outbox, type OutboxRow, type OutboxStats } from '../../../electron/service/outbox/outbox.ts';
import { auditMessage, manualScheduler, removeTempDirs, T0, tempDatabase, type ManualScheduler } from './support/outbox-fixtures.ts';

afterAll(removeTempDirs);

const BACKOFF = { baseMs: 1_000, capMs: 60_000, hardCapMs: 600_000 };
const BREAKER = { baseMs: 2_000, capMs: 120_000, hardCapMs: 600_000 };

interface Harness {
  outbox: Outbox;
  path: string;
  scheduler: ManualScheduler;
  calls: OutboxRow[];
  logs: { level: LogLevel; event: string; fields: LogFields }[];
  worker: DeliveryWorker;
}

function harness(deliver: (row: OutboxRow) => Promise<DeliveryOutcome> | DeliveryOutcome, options: Partial<DeliveryWorkerOptions> = {}): Harness {
  const { db, path } = tempDatabase();
  const scheduler = manualScheduler();
  const outbox = new Outbox(db, { now: scheduler.now, backoff: BACKOFF, random: () => 0.5 });
  const calls: OutboxRow[] = [];
  const logs: Harness['logs'] = [];
  const logger: Logger = { log: (level, event, fields = {}) => logs.push({ level, event, fields }) };
  const worker = new DeliveryWorker({
    outbox,
    owner: 'worker-1',
    scheduler,
    random: () => 0.5,
    breaker: BREAKER,
    logger,
    deliver: async (row) => {
      calls.push(row);
      return deliver(row);
    },
    ...options,
  });
  return { outbox, path, scheduler, calls, logs, worker };
}

const delivered = (): DeliveryOutcome => ({ type: 'delivered', replayed: false });
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the delivery worker', () => {
  it('delivers every row, stream by stream in order, and deletes them', async () => {
    const h = harness(delivered);
    const ids = ['a', 'b', 'a', 'c', 'b', 'a'].map((s) => h.outbox.enqueue(auditMessage(s)).id);
    const seen: number[] = [];
    h.worker.onDelivered((row) => seen.push(row.id));
    h.worker.start();
    await h.scheduler.advance(0);
    await h.worker.idle();
    expect(seen).toEqual(ids);
    expect(h.outbox.stats().pending).toBe(0);
    await h.worker.stop();
  });

  it('reports stats after each outcome, without bodies', async () => {
    const h = harness(delivered);
    for (let i = 0; i < 3; i++) h.outbox.enqueue(auditMessage('a', { body: '{"marker":"SYNTHETIC-BODY"}' }));
    const pendings: number[] = [];
    h.worker.onChange((stats: OutboxStats) => {
      pendings.push(stats.pending);
      expect(JSON.stringify(stats)).not.toContain('SYNTHETIC-BODY');
    });
    h.worker.start();
    await h.scheduler.advance(0);
    expect(pendings).toEqual([2, 1, 0]);
    await h.worker.stop();
  });

  it('sleeps until the next row is due, at most idleMs, and finds rows another process added without a kick', async () => {
    const h = harness(delivered);
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.scheduler.nextTimerAt()).toBe(T0 + DEFAULT_IDLE_MS);
    h.outbox.enqueue(auditMessage('a')); // no kick: as if another process wrote it
    await h.scheduler.advance(DEFAULT_IDLE_MS - 1);
    expect(h.calls).toHaveLength(0);
    await h.scheduler.advance(1);
    expect(h.calls).toHaveLength(1);
    await h.worker.stop();
  });

  it('kick() delivers a new row at once', async () => {
    const h = harness(delivered);
    h.worker.start();
    await h.scheduler.advance(0);
    h.outbox.enqueue(auditMessage('a'));
    h.worker.kick();
    await h.worker.idle();
    expect(h.calls).toHaveLength(1);
    await h.worker.stop();
  });

  it('retries a row later with backoff and delivers it when due', async () => {
    let fail = true;
    const h = harness(() => (fail ? { type: 'retry', reason: 'http_503' } : delivered()));
    const { id } = h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.calls).toHaveLength(1);
    // Row due at +500 (backoff 0.5 × 1 s); the breaker pauses the worker 0.5 × 2 s: it wakes at +1000.
    expect(h.scheduler.nextTimerAt()).toBe(T0 + 1_000);
    fail = false;
    await h.scheduler.advance(999);
    expect(h.calls).toHaveLength(1);
    await h.scheduler.advance(1);
    expect(h.calls.map((r) => [r.id, r.attempts])).toEqual([
      [id, 0],
      [id, 1],
    ]);
    expect(h.outbox.stats().pending).toBe(0);
    await h.worker.stop();
  });

  it('counts a thrown error as a retry, storing only a code (never the message)', async () => {
    const h = harness(() => {
      throw Object.assign(new Error('socket hang up while sending synthetic@example.cl'), { code: 'ECONNRESET' });
    });
    const { db } = { db: openKioskDatabase(h.path) };
    const { id } = h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(db.prepare('SELECT attempts, last_error, state FROM outbox WHERE id = ?').get(id)).toEqual({
      attempts: 1,
      last_error: 'threw:ECONNRESET',
      state: 'pending',
    });
    expect(JSON.stringify(h.logs)).not.toContain('synthetic@example.cl');
    await h.worker.stop();
    db.close();
  });

  it('dead-letters a permanent failure and moves on to the rest of the stream', async () => {
    const h = harness((row) => (row.attempts === 0 && h.calls.length === 1 ? { type: 'permanent', reason: 'http_422:invalid_input' } : delivered()));
    h.outbox.enqueue(auditMessage('a'));
    h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    const stats = h.outbox.stats();
    expect(stats).toMatchObject({ pending: 0, dead: 1 });
    expect(stats.deadRows[0]).toMatchObject({ reason: 'http_422:invalid_input', attempts: 1 });
    expect(h.logs.find((l) => l.event === 'outbox_dead_letter')?.level).toBe('error');
    await h.worker.stop();
  });

  it('after a transient failure does not walk the other streams: one request per breaker interval while central is down', async () => {
    const h = harness(() => ({ type: 'retry', reason: 'http_503' }));
    for (const s of ['a', 'b', 'c', 'd', 'e']) h.outbox.enqueue(auditMessage(s));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.calls).toHaveLength(1); // four other stream heads are due, but the breaker is open
    expect(h.worker.circuit).toMatchObject({ open: true, consecutiveFailures: 1 });
    // Breaker pauses with random 0.5: 1 s, 2 s, 4 s, 8 s … (base 2 s, doubling).
    const times: number[] = [];
    h.worker.onChange(() => times.push(h.scheduler.clock.now - T0));
    await h.scheduler.advance(60_000);
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000]);
    await h.worker.stop();
  });

  it('honours Retry-After for the row and for the breaker', async () => {
    const h = harness(() => ({ type: 'retry', reason: 'http_429', retryAfterMs: 30_000 }));
    const { id } = h.outbox.enqueue(auditMessage('a'));
    h.outbox.enqueue(auditMessage('b'));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.scheduler.nextTimerAt()).toBe(T0 + 30_000);
    const db = openKioskDatabase(h.path);
    expect((db.prepare('SELECT next_attempt_at AS n FROM outbox WHERE id = ?').get(id) as { n: number }).n).toBe(T0 + 30_000);
    db.close();
    await h.scheduler.advance(29_999);
    expect(h.calls).toHaveLength(1);
    await h.worker.stop();
  });

  it('kick() lets one probe through an open breaker; success closes it and the queue drains', async () => {
    let up = false;
    const h = harness(() => (up ? delivered() : { type: 'retry', reason: 'threw:ECONNREFUSED' }));
    for (const s of ['a', 'b', 'c']) h.outbox.enqueue(auditMessage(s));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.calls).toHaveLength(1);
    h.worker.kick(); // e.g. after an enqueue while still offline: one probe, then paused again
    await h.worker.idle();
    expect(h.calls).toHaveLength(2);
    expect(h.worker.circuit.open).toBe(true);
    up = true;
    h.worker.kick(); // connectivity is back: the probe (c) goes through and closes the breaker
    await h.worker.idle();
    expect(h.worker.circuit.open).toBe(false);
    expect(h.outbox.stats().pending).toBe(2); // a and b keep their own backoff (due at +500)…
    await h.scheduler.advance(500);
    expect(h.outbox.stats().pending).toBe(0); // …and go as soon as it ends
    await h.worker.stop();
  });

  it('connectivityReturned() makes rows that failed during the outage due now: they go without waiting out their backoff', async () => {
    let up = false;
    const h = harness(() => (up ? delivered() : { type: 'retry', reason: 'threw:ECONNREFUSED' }));
    h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    for (let i = 0; i < 6; i++) {
      await h.scheduler.advance(Math.max(0, h.outbox.nextDueAt()! - h.scheduler.now()));
      h.worker.kick();
      await h.worker.idle();
    }
    expect(h.calls.length).toBeGreaterThanOrEqual(6);
    const dueAt = h.outbox.nextDueAt()!;
    expect(dueAt).toBeGreaterThan(h.scheduler.now()); // the row waits on its own backoff…
    up = true;
    h.worker.kick();
    await h.worker.idle();
    expect(h.outbox.stats().pending).toBe(1); // …which a plain kick does not shorten
    h.worker.connectivityReturned();
    await h.worker.idle();
    expect(h.outbox.stats().pending).toBe(0);
    expect(h.scheduler.now()).toBeLessThan(dueAt);
    await h.worker.stop();
  });

  it('stop() waits for the delivery in flight, records it, and schedules nothing more', async () => {
    const gate = deferred<DeliveryOutcome>();
    const h = harness(() => gate.promise);
    h.outbox.enqueue(auditMessage('a'));
    h.outbox.enqueue(auditMessage('b'));
    h.worker.start();
    await h.scheduler.advance(0);
    let stopped = false;
    const stopping = h.worker.stop().then(() => (stopped = true));
    await h.scheduler.advance(0);
    expect(stopped).toBe(false);
    gate.resolve(delivered());
    await stopping;
    expect(h.calls).toHaveLength(1);
    expect(h.outbox.stats().pending).toBe(1);
    expect(h.scheduler.nextTimerAt()).toBeNull();
    h.worker.kick();
    await h.scheduler.advance(DEFAULT_IDLE_MS * 2);
    expect(h.calls).toHaveLength(1);
    expect(() => h.worker.start()).toThrow();
  });

  it('treats a lease taken over while delivering as lost, leaving the new holder’s outcome', async () => {
    const gate = deferred<DeliveryOutcome>();
    const h = harness(() => gate.promise, { leaseMs: 1_000 });
    const { id } = h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    h.scheduler.clock.advance(1_000);
    const other = new Outbox(openKioskDatabase(h.path), { now: h.scheduler.now });
    expect(other.claim('worker-2', 60_000)?.id).toBe(id);
    gate.resolve({ type: 'permanent', reason: 'http_400' });
    await h.worker.idle();
    expect(h.logs.some((l) => l.event === 'outbox_lease_lost')).toBe(true);
    expect(other.stats()).toMatchObject({ pending: 1, dead: 0 });
    expect(other.delivered(id, 'worker-2')).toBe(true);
    await h.worker.stop();
  });

  it('two workers on one database file deliver every row exactly once', async () => {
    const { db, path } = tempDatabase();
    const scheduler = manualScheduler();
    const deliveries = new Map<number, number>();
    const make = (owner: string) =>
      new DeliveryWorker({
        outbox: new Outbox(openKioskDatabase(path), { now: scheduler.now }),
        owner,
        scheduler,
        deliver: async (row) => {
          await new Promise((resolve) => setImmediate(resolve));
          deliveries.set(row.id, (deliveries.get(row.id) ?? 0) + 1);
          return delivered();
        },
      });
    const writer = new Outbox(db, { now: scheduler.now });
    for (let i = 0; i < 60; i++) writer.enqueue(auditMessage(`s${i % 9}`));
    const workers = [make('w1'), make('w2')];
    workers.forEach((w) => w.start());
    await scheduler.advance(0);
    await Promise.all(workers.map((w) => w.idle()));
    expect(deliveries.size).toBe(60);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(writer.stats().pending).toBe(0);
    await Promise.all(workers.map((w) => w.stop()));
  });

  it('logs codes and counts, never a body or an idempotency key', async () => {
    let n = 0;
    const outcomes: DeliveryOutcome[] = [{ type: 'retry', reason: 'http_503' }, { type: 'permanent', reason: 'http_422' }, delivered()];
    const h = harness(() => outcomes[n++ % 3]!);
    const messages = [auditMessage('a', { body: '{"marker":"SYNTHETIC-BODY"}' }), auditMessage('b', { body: '{"marker":"SYNTHETIC-BODY"}' })];
    messages.forEach((m) => h.outbox.enqueue(m));
    h.worker.start();
    await h.scheduler.advance(120_000);
    const text = JSON.stringify(h.logs);
    expect(h.logs.map((l) => l.event)).toEqual(expect.arrayContaining(['outbox_retry', 'outbox_dead_letter', 'outbox_delivered']));
    expect(text).not.toContain('SYNTHETIC-BODY');
    for (const m of messages) expect(text).not.toContain(m.idempotencyKey);
    await h.worker.stop();
  });
});

describe('the delivery worker with runs', () => {
  const runHarness = (deliverRun: (rows: readonly OutboxRow[]) => DeliveryOutcome, maxRows = 3) => {
    const runs: OutboxRow[][] = [];
    const h = harness(delivered, {
      runs: {
        kinds: ['audit-events'],
        maxRows,
        deliverRun: async (rows) => {
          runs.push([...rows]);
          return deliverRun(rows);
        },
      },
    });
    return { ...h, runs };
  };

  it('sends rows waiting one behind the other in a stream together, up to maxRows, in order', async () => {
    const h = runHarness(delivered);
    const ids = ['a', 'a', 'a', 'a', 'b'].map((s) => h.outbox.enqueue(auditMessage(s)).id);
    const seen: number[] = [];
    h.worker.onDelivered((row) => seen.push(row.id));
    h.worker.start();
    await h.scheduler.advance(0);
    await h.worker.idle();
    // Stream a: a run of three, then the fourth alone; stream b's head alone.
    expect(h.runs.map((run) => run.map((r) => r.id))).toEqual([ids.slice(0, 3)]);
    expect(h.calls.map((r) => r.id).sort()).toEqual([ids[3], ids[4]].sort());
    expect(seen.sort()).toEqual([...ids].sort());
    expect(h.outbox.stats().pending).toBe(0);
    await h.worker.stop();
  });

  it('does not join rows of another kind to a run', async () => {
    const h = runHarness(delivered);
    const audit = h.outbox.enqueue(auditMessage('s')).id;
    const heartbeat = h.outbox.enqueue(auditMessage('s', { kind: 'heartbeat' })).id;
    h.worker.start();
    await h.scheduler.advance(0);
    await h.worker.idle();
    expect(h.runs).toEqual([]);
    expect(h.calls.map((r) => r.id)).toEqual([audit, heartbeat]);
    await h.worker.stop();
  });

  it('reschedules every row of a run central could not take, opening the breaker once', async () => {
    let fail = true;
    const h = runHarness(() => (fail ? { type: 'retry', reason: 'http_503' } : delivered()));
    for (let i = 0; i < 3; i++) h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.runs).toHaveLength(1);
    expect(h.worker.circuit.consecutiveFailures).toBe(1);
    expect(h.outbox.stats().pending).toBe(3);
    fail = false;
    await h.scheduler.advance(120_000);
    await h.worker.idle();
    expect(h.runs).toHaveLength(2);
    expect(h.runs[1]).toHaveLength(3);
    expect(h.outbox.stats().pending).toBe(0);
    await h.worker.stop();
  });

  it('after a run refused for good, tries its rows one by one, so only the bad one ends dead', async () => {
    const bad = auditMessage('a', { body: '{"marker":"bad"}' });
    const h = harness((row) => (row.body.includes('bad') ? { type: 'permanent', reason: 'http_422' } : delivered()), {
      runs: {
        kinds: ['audit-events'],
        maxRows: 3,
        deliverRun: async (rows) => (rows.some((r) => r.body.includes('bad')) ? { type: 'permanent', reason: 'http_422' } : delivered()),
      },
    });
    h.outbox.enqueue(auditMessage('a'));
    h.outbox.enqueue(bad);
    h.outbox.enqueue(auditMessage('a'));
    h.worker.start();
    await h.scheduler.advance(0);
    expect(h.outbox.stats().dead).toBe(0);
    await h.scheduler.advance(120_000);
    await h.worker.idle();
    const stats = h.outbox.stats();
    expect(stats.pending).toBe(0);
    expect(stats.dead).toBe(1);
    expect(h.calls).toHaveLength(3);
    expect(h.logs.map((l) => l.event)).toContain('outbox_run_refused');
    await h.worker.stop();
  });
});

describe('kickSoon', () => {
  it('lets rows gather for the delay, then sends them as one run', async () => {
    const runs: number[][] = [];
    const h = harness(delivered, {
      runs: { kinds: ['audit-events'], maxRows: 20, deliverRun: async (rows) => (runs.push(rows.map((r) => r.id)), delivered()) },
    });
    h.worker.start();
    await h.scheduler.advance(0);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(h.outbox.enqueue(auditMessage('a')).id);
      h.worker.kickSoon(2_000);
      await h.scheduler.advance(100);
    }
    expect(runs).toEqual([]);
    await h.scheduler.advance(1_700);
    await h.worker.idle();
    expect(runs).toEqual([ids]);
    expect(h.calls).toHaveLength(0);
    await h.worker.stop();
  });
});
