/**
 * The outbox on real SQLite files: the transactional enqueue, per-stream
 * order, leases, retries, dead letters, expiry, the technician's view.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openKioskDatabase, type KioskDatabase } from '../../../electron/service/db/database.ts';
import { backoffCeilingMs } from '../../../electron/service/outbox/backoff.ts';
import {
  MAX_BODY_BYTES,
  Outbox,
  OutboxDuplicateKey,
  OutboxMessageInvalid,
  type OutboxMessage,
  type OutboxOptions,
} from '../../../electron/service/outbox/outbox.ts';
import { auditMessage, manualClock, removeTempDirs, T0, tempDatabase, type ManualClock } from './support/outbox-fixtures.ts';

afterAll(removeTempDirs);

const BACKOFF = { baseMs: 1_000, capMs: 60_000, hardCapMs: 600_000 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function setup(options: OutboxOptions = {}): { db: KioskDatabase; path: string; clock: ManualClock; outbox: Outbox } {
  const { db, path } = tempDatabase();
  const clock = manualClock();
  return { db, path, clock, outbox: new Outbox(db, { now: clock, backoff: BACKOFF, random: () => 0.5, ...options }) };
}

const sealedBody = JSON.stringify({ sealed: 'AQID-_abc', keyId: '0123456789abcdef' });
const deferred = (overrides: Partial<OutboxMessage> = {}): OutboxMessage =>
  auditMessage('enrollments', { kind: 'deferred-enrollment', body: sealedBody, keyId: '0123456789abcdef', ...overrides });
const raw = (db: KioskDatabase, id: number) => db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('enqueue', () => {
  it('writes a pending row due now, with the key and the body as given', () => {
    const { db, outbox } = setup();
    const message = auditMessage();
    const { id } = outbox.enqueue(message);
    expect(raw(db, id)).toMatchObject({
      stream: 'audit',
      kind: 'audit-events',
      idempotency_key: message.idempotencyKey,
      body: message.body,
      key_id: null,
      created_at: T0,
      next_attempt_at: T0,
      attempts: 0,
      state: 'pending',
      lease_owner: null,
    });
  });

  it('commits with the caller’s state change, or not at all (the transactional outbox)', () => {
    const { db, outbox } = setup();
    const finish = db.transaction((sessionId: string, message: OutboxMessage, fail: boolean) => {
      db.prepare("INSERT INTO sessions (id, mode, started_at, outcome) VALUES (?, 'chileatiende', ?, 'deferred')").run(sessionId, T0);
      outbox.enqueue(message);
      if (fail) throw new Error('the session step failed after enqueuing');
    });
    finish('s1', auditMessage(), false);
    expect(() => finish('s2', auditMessage(), true)).toThrow(/session step failed/);
    expect(db.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 's1' }]);
    expect(outbox.pendingCount()).toBe(1);
  });

  it('refuses a second row with the same idempotency key, and rolls the caller’s transaction back', () => {
    const { db, outbox } = setup();
    const message = auditMessage();
    outbox.enqueue(message);
    const both = db.transaction(() => {
      db.prepare("INSERT INTO sessions (id, mode, started_at) VALUES ('s-dup', 'chileatiende', 1)").run();
      outbox.enqueue({ ...message, body: '{"other":true}' });
    });
    const error = refusal(both);
    expect(error).toBeInstanceOf(OutboxDuplicateKey);
    expect(error).toMatchObject({ code: 'outbox.duplicate_key' });
    expect((error as Error).message).not.toContain(message.idempotencyKey);
    expect(outbox.pendingCount()).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it.each([
    ['kind', { kind: 'enrollment' as never }],
    ['stream', { stream: '' }],
    ['stream', { stream: 'with space' }],
    ['idempotencyKey', { idempotencyKey: '' }],
    ['idempotencyKey', { idempotencyKey: 'k'.repeat(256) }],
    ['idempotencyKey', { idempotencyKey: 'clave-ñ' }],
    ['idempotencyKey', { idempotencyKey: 'line\nbreak' }],
    ['body', { body: '{not json' }],
    ['body', { body: '[1,2]' }],
    ['body', { body: 'null' }],
    ['body', { body: JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }) }],
    ['keyId', { keyId: '' }],
  ] as const)('refuses a message with a bad %s (typed, with the field named)', (field, change) => {
    const { outbox } = setup();
    const error = refusal(() => outbox.enqueue(auditMessage('audit', change)));
    expect(error).toBeInstanceOf(OutboxMessageInvalid);
    expect(error).toMatchObject({ code: 'outbox.message_invalid', field });
    expect(outbox.pendingCount()).toBe(0);
  });

  it('accepts the limits: a 255-character key and a body of exactly 64 KiB', () => {
    const { outbox } = setup();
    const pad = 'x'.repeat(MAX_BODY_BYTES - JSON.stringify({ pad: '' }).length);
    outbox.enqueue(auditMessage('audit', { idempotencyKey: '~'.repeat(255), body: JSON.stringify({ pad }) }));
    expect(outbox.pendingCount()).toBe(1);
  });

  it('takes a deferred enrollment only as a sealed envelope with the key it was sealed to', () => {
    const { outbox } = setup();
    outbox.enqueue(deferred());
    const unsealed = JSON.stringify({ sealed: 'AQID', email: 'synthetic@example.cl' });
    expect(refusal(() => outbox.enqueue(deferred({ body: unsealed })))).toMatchObject({ field: 'body' });
    expect(refusal(() => outbox.enqueue(deferred({ body: JSON.stringify({ run: '1-9' }) })))).toMatchObject({ field: 'body' });
    expect(refusal(() => outbox.enqueue(deferred({ body: JSON.stringify({ sealed: 'not base64url!' }) })))).toMatchObject({ field: 'body' });
    expect(refusal(() => outbox.enqueue(deferred({ keyId: null })))).toMatchObject({ field: 'keyId' });
    expect(refusal(() => outbox.enqueue(deferred({ keyId: 'fedcba9876543210' })))).toMatchObject({ field: 'keyId' });
    const error = refusal(() => outbox.enqueue(deferred({ body: unsealed }))) as Error;
    expect(error.message).not.toContain('synthetic@example.cl');
    expect(outbox.pendingCount()).toBe(1);
  });
});

describe('claim and order', () => {
  it('hands out stream heads oldest first; a head in flight holds back its stream, not the others', () => {
    const { outbox } = setup();
    const a1 = outbox.enqueue(auditMessage('a')).id;
    const a2 = outbox.enqueue(auditMessage('a')).id;
    const b1 = outbox.enqueue(auditMessage('b')).id;
    expect(outbox.claim('w1', 60_000)?.id).toBe(a1);
    expect(outbox.claim('w2', 60_000)?.id).toBe(b1);
    expect(outbox.claim('w3', 60_000)).toBeNull();
    expect(outbox.delivered(a1, 'w1')).toBe(true);
    expect(outbox.claim('w3', 60_000)?.id).toBe(a2);
  });

  it('returns the leased row with everything the deliverer needs', () => {
    const { outbox } = setup();
    const message = auditMessage('a');
    const { id } = outbox.enqueue(message);
    expect(outbox.claim('w1', 5_000)).toEqual({
      id,
      stream: 'a',
      kind: 'audit-events',
      idempotencyKey: message.idempotencyKey,
      body: message.body,
      keyId: null,
      createdAt: T0,
      attempts: 0,
      nextAttemptAt: T0,
      leaseOwner: 'w1',
      leaseUntil: T0 + 5_000,
    });
  });

  it('keeps a stream waiting behind a head that is backing off; dead rows do not block', () => {
    const { outbox, clock } = setup();
    const a1 = outbox.enqueue(auditMessage('a')).id;
    const a2 = outbox.enqueue(auditMessage('a')).id;
    const a3 = outbox.enqueue(auditMessage('a')).id;
    outbox.claim('w1', 60_000);
    expect(outbox.retryLater(a1, 'w1', { reason: 'http_503' })).toBe(true);
    expect(outbox.claim('w1', 60_000)).toBeNull(); // a2 waits for a1
    clock.advance(backoffCeilingMs(1, BACKOFF));
    expect(outbox.claim('w1', 60_000)?.id).toBe(a1);
    expect(outbox.deadLetter(a1, 'w1', 'http_422:sealed_payload_invalid')).toBe(true);
    expect(outbox.claim('w1', 60_000)?.id).toBe(a2);
    expect(outbox.deadLetter(a2, 'w1', 'http_400')).toBe(true);
    expect(outbox.claim('w1', 60_000)?.id).toBe(a3);
  });

  it('gives a row whose lease ran out to the next worker, and only the new holder’s outcome counts', () => {
    const { outbox, clock } = setup();
    const { id } = outbox.enqueue(auditMessage('a'));
    expect(outbox.claim('w1', 1_000)?.id).toBe(id);
    clock.advance(999);
    expect(outbox.claim('w2', 1_000)).toBeNull();
    clock.advance(1);
    expect(outbox.claim('w2', 1_000)).toMatchObject({ id, leaseOwner: 'w2' });
    expect(outbox.delivered(id, 'w1')).toBe(false);
    expect(outbox.retryLater(id, 'w1', { reason: 'late' })).toBe(false);
    expect(outbox.deadLetter(id, 'w1', 'late')).toBe(false);
    expect(outbox.stats().pending).toBe(1);
    expect(outbox.delivered(id, 'w2')).toBe(true);
    expect(outbox.stats().pending).toBe(0);
  });

  it('claims a run: the head and the rows right behind it of a joinable kind, up to maxRows; deliveredAll ends them in one go', () => {
    const { outbox, clock } = setup();
    const a = [1, 2, 3, 4].map(() => outbox.enqueue(auditMessage('a')).id);
    const other = outbox.enqueue(auditMessage('a', { kind: 'heartbeat' })).id;
    const b = outbox.enqueue(auditMessage('b')).id;
    expect(outbox.claimRun('w1', 1_000, 3, () => false).map((r) => r.id)).toEqual([a[0]]);
    clock.advance(1_000);
    const run = outbox.claimRun('w1', 1_000, 3, (kind) => kind === 'audit-events');
    expect(run.map((r) => r.id)).toEqual(a.slice(0, 3));
    expect(run.every((r) => r.leaseOwner === 'w1')).toBe(true);
    // Stream a is held while its head is in flight; stream b's head goes to another worker, alone.
    expect(outbox.claimRun('w2', 1_000, 3, () => true).map((r) => r.id)).toEqual([b]);
    expect(outbox.deliveredAll(a.slice(0, 3), 'w2')).toBe(0);
    expect(outbox.deliveredAll(a.slice(0, 3), 'w1')).toBe(3);
    // A run stops where the kind changes.
    expect(outbox.claimRun('w1', 1_000, 5, () => true).map((r) => r.id)).toEqual([a[3]]);
    expect(outbox.delivered(a[3]!, 'w1')).toBe(true);
    expect(outbox.claimRun('w1', 1_000, 5, () => true).map((r) => r.id)).toEqual([other]);
    expect(() => outbox.claimRun('w1', 1_000, 0, () => true)).toThrow(RangeError);
  });

  it('lets a holder whose lease expired finish while nobody took the row over', () => {
    const { outbox, clock } = setup();
    const { id } = outbox.enqueue(auditMessage('a'));
    outbox.claim('w1', 1_000);
    clock.advance(5_000);
    expect(outbox.delivered(id, 'w1')).toBe(true);
  });

  it('never hands one row to two connections (two Outbox instances on one file)', () => {
    const { path, outbox, clock } = setup();
    const other = new Outbox(openKioskDatabase(path), { now: clock });
    for (let i = 0; i < 30; i++) outbox.enqueue(auditMessage(`s${i % 7}`));
    const seen = new Set<number>();
    for (;;) {
      const a = outbox.claim('w1', 60_000);
      const b = other.claim('w2', 60_000);
      if (!a && !b) break;
      for (const row of [a, b]) {
        if (!row) continue;
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      if (a) outbox.delivered(a.id, 'w1');
      if (b) other.delivered(b.id, 'w2');
    }
    expect(seen.size).toBe(30);
  });

  it('refuses a bad owner or lease', () => {
    const { outbox } = setup();
    expect(refusal(() => outbox.claim('', 1_000))).toMatchObject({ field: 'owner' });
    expect(refusal(() => outbox.claim('w1', 0))).toMatchObject({ field: 'leaseMs' });
    expect(refusal(() => outbox.claim('w1', 1.5))).toMatchObject({ field: 'leaseMs' });
  });
});

describe('retries and dead letters', () => {
  it('counts the attempt, schedules the next within the backoff window, releases the lease and keeps a short reason', () => {
    const { db, outbox } = setup({ random: () => 0.999 });
    const { id } = outbox.enqueue(auditMessage('a'));
    outbox.claim('w1', 60_000);
    const longReason = `central said: ${'x'.repeat(500)}`;
    expect(outbox.retryLater(id, 'w1', { reason: longReason })).toBe(true);
    const row = raw(db, id)!;
    expect(row).toMatchObject({ attempts: 1, lease_owner: null, lease_until: null, state: 'pending' });
    expect(row.next_attempt_at).toBe(T0 + 999);
    expect((row.last_error as string).length).toBeLessThanOrEqual(160);
    outbox.claim('w1', 60_000); // not due yet
    expect(raw(db, id)!.lease_owner).toBeNull();
  });

  it('grows the window with each attempt and honours Retry-After', () => {
    const { db, outbox, clock } = setup({ random: () => 0.999_999 });
    const { id } = outbox.enqueue(auditMessage('a'));
    const windows: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      clock.advance(BACKOFF.capMs);
      expect(outbox.claim('w1', 1_000)?.id).toBe(id);
      outbox.retryLater(id, 'w1', { reason: 'http_503' });
      windows.push((raw(db, id)!.next_attempt_at as number) - clock.now);
    }
    expect(windows).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    clock.advance(BACKOFF.capMs);
    outbox.claim('w1', 1_000);
    outbox.retryLater(id, 'w1', { reason: 'http_429', retryAfterMs: 120_000 });
    expect((raw(db, id)!.next_attempt_at as number) - clock.now).toBe(120_000);
  });

  it('dead-letters with the reason, out of the queue until a technician revives it', () => {
    const { db, outbox, clock } = setup();
    const { id } = outbox.enqueue(auditMessage('a'));
    outbox.claim('w1', 60_000);
    clock.advance(10);
    expect(outbox.deadLetter(id, 'w1', 'http_422:invalid_input')).toBe(true);
    expect(raw(db, id)).toMatchObject({ state: 'dead', dead_reason: 'http_422:invalid_input', dead_at: T0 + 10, attempts: 1, lease_owner: null });
    expect(outbox.claim('w1', 60_000)).toBeNull();
    expect(outbox.retryNow()).toEqual({ rescheduled: 0, revived: 0 });
    expect(outbox.claim('w1', 60_000)).toBeNull();
    expect(outbox.retryNow({ includeDead: true })).toEqual({ rescheduled: 0, revived: 1 });
    expect(outbox.claim('w1', 60_000)?.id).toBe(id);
  });

  it('retryNow makes every waiting row due now, without touching one in flight', () => {
    const { db, outbox } = setup({ random: () => 0.9 });
    const a = outbox.enqueue(auditMessage('a')).id;
    const b = outbox.enqueue(auditMessage('b')).id;
    const c = outbox.enqueue(auditMessage('c')).id;
    for (const id of [a, b]) {
      outbox.claim('w1', 60_000);
      outbox.retryLater(id, 'w1', { reason: 'offline' });
    }
    expect(outbox.claim('w2', 60_000)?.id).toBe(c);
    expect(outbox.retryNow()).toEqual({ rescheduled: 2, revived: 0 });
    expect(raw(db, c)).toMatchObject({ lease_owner: 'w2' });
    expect([outbox.claim('w1', 60_000)?.id, outbox.claim('w1', 60_000)?.id]).toEqual([a, b]);
  });
});

describe('expiry', () => {
  it('dead-letters a row older than maxAgeMs (7 days by default) instead of sending it, and unblocks its stream', () => {
    const { db, outbox, clock } = setup();
    expect(outbox.maxAgeMs).toBe(7 * DAY);
    const old = outbox.enqueue(auditMessage('a')).id;
    clock.advance(DAY);
    const young = outbox.enqueue(auditMessage('a')).id;
    clock.advance(6 * DAY - 1);
    expect(outbox.claim('w1', 60_000)?.id).toBe(old);
    outbox.retryLater(old, 'w1', { reason: 'offline' });
    clock.advance(1);
    expect(outbox.claim('w1', 60_000)?.id).toBe(young);
    expect(raw(db, old)).toMatchObject({ state: 'dead', dead_reason: 'expired', dead_at: T0 + 7 * DAY });
    expect(outbox.retryNow({ includeDead: true }).revived).toBe(0); // too old to send: stays dead
  });

  it('does not expire a row while a worker holds its lease', () => {
    const { db, outbox, clock } = setup({ maxAgeMs: 1_000 });
    const { id } = outbox.enqueue(auditMessage('a'));
    outbox.claim('w1', 5_000);
    clock.advance(2_000);
    expect(outbox.expireStale()).toBe(0);
    expect(outbox.delivered(id, 'w1')).toBe(true);
    expect(raw(db, id)).toBeUndefined();
  });
});

describe('stats and nextDueAt', () => {
  it('counts by state and kind, ages the oldest pending row, lists dead rows — and carries no body or key', () => {
    const { outbox, clock } = setup();
    const secret = 'SYNTHETIC-BODY-MARKER';
    const keys: string[] = [];
    const enqueue = (message: OutboxMessage) => {
      keys.push(message.idempotencyKey);
      return outbox.enqueue(message).id;
    };
    enqueue(auditMessage('a', { body: JSON.stringify({ events: [], note: secret }) }));
    clock.advance(1_000);
    const dead = enqueue(deferred({ stream: 'e' }));
    enqueue(auditMessage('h', { kind: 'heartbeat', body: JSON.stringify({ version: '1', queueDepth: 0, devices: {} }) }));
    clock.advance(500);
    expect(outbox.claim('w1', 60_000)).not.toBeNull(); // 'a' in flight
    outbox.claim('w1', 60_000);
    outbox.deadLetter(dead, 'w1', 'http_422:sealed_payload_invalid');
    const stats = outbox.stats();
    expect(stats).toEqual({
      pending: 2,
      dead: 1,
      inFlight: 1,
      oldestPendingAgeMs: 1_500,
      byKind: { 'audit-events': { pending: 1, dead: 0 }, 'deferred-enrollment': { pending: 0, dead: 1 }, heartbeat: { pending: 1, dead: 0 } },
      deadRows: [
        {
          id: dead,
          kind: 'deferred-enrollment',
          stream: 'e',
          reason: 'http_422:sealed_payload_invalid',
          attempts: 1,
          createdAt: T0 + 1_000,
          deadAt: T0 + 1_500,
        },
      ],
    });
    const text = JSON.stringify(stats);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('sealed"');
    for (const key of keys) expect(text).not.toContain(key);
    expect(outbox.stats(T0 + 10_000).oldestPendingAgeMs).toBe(10_000);
  });

  it('is empty for an empty outbox', () => {
    const { outbox } = setup();
    expect(outbox.stats()).toMatchObject({ pending: 0, dead: 0, inFlight: 0, oldestPendingAgeMs: null, deadRows: [] });
    expect(outbox.nextDueAt()).toBeNull();
  });

  it('nextDueAt: a due head now; a waiting head at its next attempt; a leased head when its lease ends; a blocked row never', () => {
    const { outbox, clock } = setup({ random: () => 0.5 });
    const a1 = outbox.enqueue(auditMessage('a')).id;
    outbox.enqueue(auditMessage('a')); // behind a1: never what nextDueAt reports while a1 waits
    expect(outbox.nextDueAt()).toBe(T0);
    outbox.claim('w1', 30_000);
    expect(outbox.nextDueAt()).toBe(T0 + 30_000);
    outbox.retryLater(a1, 'w1', { reason: 'offline' });
    expect(outbox.nextDueAt()).toBe(T0 + 500);
    clock.advance(100);
    const b1 = outbox.enqueue(auditMessage('b')).id;
    expect(outbox.nextDueAt()).toBe(T0 + 100);
    outbox.claim('w1', 30_000);
    outbox.retryLater(b1, 'w1', { reason: 'offline', retryAfterMs: 10_000 });
    expect(outbox.nextDueAt()).toBe(T0 + 500);
  });

  it('nextDueAt reports when a far-off head expires, since that unblocks its stream', () => {
    const { outbox } = setup({ maxAgeMs: 5_000, random: () => 0.999 });
    const { id } = outbox.enqueue(auditMessage('a'));
    outbox.claim('w1', 1_000);
    outbox.retryLater(id, 'w1', { reason: 'offline', retryAfterMs: 500_000 });
    expect(outbox.nextDueAt()).toBe(T0 + 5_000);
  });

  it('survives closing and reopening the file: rows, leases and schedules are where they were', () => {
    const { db, path, outbox, clock } = setup();
    const a = outbox.enqueue(auditMessage('a')).id;
    outbox.enqueue(auditMessage('b'));
    outbox.claim('w1', 10_000);
    db.close();
    const reopened = new Outbox(openKioskDatabase(path), { now: clock });
    expect(reopened.stats()).toMatchObject({ pending: 2, inFlight: 1 });
    expect(reopened.claim('w2', 10_000)?.stream).toBe('b');
    clock.advance(10_000);
    expect(reopened.claim('w2', 10_000)?.id).toBe(a);
  });
});
