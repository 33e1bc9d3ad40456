/**
 * Model-based test (reliability-security.md §5.3 item 4): random sequences of
 * enqueue, duplicate enqueue, claim, delivered, retryLater, deadLetter,
 * retryNow, clock jumps and closing/reopening the database file, run against
 * the real Outbox on SQLite and against a plain in-memory model of the rules;
 * after every command the two must agree (returned values, counts, ages,
 * the next due time). 1,000 runs of about 40 commands by default (§8: ≥ 1,000
 * in CI); OUTBOX_MODEL_RUNS changes it.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { kioskDatabasePath, openKioskDatabase, type KioskDatabase } from '../../../electron/service/db/database.ts';
import { retryDelayMs, type BackoffPolicy } from '../../../electron/service/outbox/backoff.ts';
import { Outbox, OutboxDuplicateKey, type OutboxKind } from '../../../electron/service/outbox/outbox.ts';
import { auditMessage, memoryBackedTempDir, removeTempDirs, seededRandom, T0 } from './support/outbox-fixtures.ts';

afterAll(removeTempDirs);

const MAX_AGE_MS = 8_000;
const BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 3_000, hardCapMs: 6_000 };
const STREAMS = ['s0', 's1', 's2'];
const OWNERS = ['w1', 'w2'];
const KINDS: OutboxKind[] = ['audit-events', 'heartbeat'];
const RUNS = Number(process.env.OUTBOX_MODEL_RUNS ?? 1_000);

interface ModelRow {
  id: number;
  stream: string;
  kind: OutboxKind;
  key: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  state: 'pending' | 'dead';
}

interface Model {
  now: number;
  nextId: number;
  keySeq: number;
  rows: Map<number, ModelRow>;
  /** Every id ever handed out, so commands also aim at deleted rows. */
  ids: number[];
  random: () => number;
}

interface Real {
  path: string;
  db: KioskDatabase;
  outbox: Outbox;
  clock: { now: number };
  random: () => number;
}

const live = (row: ModelRow, now: number) => row.leaseUntil !== null && row.leaseUntil > now;
const heads = (m: Model) => {
  const byStream = new Map<string, ModelRow>();
  for (const row of [...m.rows.values()].sort((a, b) => a.id - b.id)) if (row.state === 'pending' && !byStream.has(row.stream)) byStream.set(row.stream, row);
  return [...byStream.values()];
};
const held = (m: Model, id: number, owner: string) => {
  const row = m.rows.get(id);
  return row !== undefined && row.state === 'pending' && row.leaseOwner === owner ? row : undefined;
};
const pickId = (m: Model, pick: number) => (m.ids.length === 0 ? 1 : m.ids[pick % m.ids.length]!);

function openReal(real: Real): void {
  const db = openKioskDatabase(real.path);
  real.db = db;
  // One PRNG for the whole run, shared across reopenings, drawn once per honoured retryLater, as the model's is.
  real.outbox = new Outbox(db, { now: () => real.clock.now, maxAgeMs: MAX_AGE_MS, backoff: BACKOFF, random: () => real.random() });
}

function checkAgreement(m: Model, r: Real): void {
  const pending = [...m.rows.values()].filter((row) => row.state === 'pending');
  const stats = r.outbox.stats();
  expect(stats.pending).toBe(pending.length);
  expect(stats.dead).toBe(m.rows.size - pending.length);
  expect(stats.inFlight).toBe(pending.filter((row) => live(row, m.now)).length);
  expect(stats.oldestPendingAgeMs).toBe(pending.length === 0 ? null : m.now - Math.min(...pending.map((row) => row.createdAt)));
  const dues = heads(m).map((h) => Math.max(Math.min(h.nextAttemptAt, h.createdAt + MAX_AGE_MS), live(h, m.now) ? h.leaseUntil! : 0));
  expect(r.outbox.nextDueAt()).toBe(dues.length === 0 ? null : Math.min(...dues));
}

type Command = fc.Command<Model, Real>;

class Enqueue implements Command {
  readonly stream: string;
  readonly kind: OutboxKind;
  constructor(stream: string, kind: OutboxKind) {
    this.stream = stream;
    this.kind = kind;
  }
  check = () => true;
  run(m: Model, r: Real) {
    const key = `k${++m.keySeq}`;
    const { id } = r.outbox.enqueue(
      auditMessage(this.stream, {
        kind: this.kind,
        idempotencyKey: key,
        body: this.kind === 'heartbeat' ? '{"version":"1","queueDepth":0,"devices":{}}' : '{"events":[]}',
      }),
    );
    expect(id).toBe(m.nextId);
    m.rows.set(id, {
      id,
      stream: this.stream,
      kind: this.kind,
      key,
      createdAt: m.now,
      attempts: 0,
      nextAttemptAt: m.now,
      leaseOwner: null,
      leaseUntil: null,
      state: 'pending',
    });
    m.ids.push(id);
    m.nextId += 1;
    checkAgreement(m, r);
  }
  toString = () => `enqueue(${this.stream}, ${this.kind})`;
}

class EnqueueDuplicate implements Command {
  readonly pick: number;
  constructor(pick: number) {
    this.pick = pick;
  }
  check = (m: Readonly<Model>) => m.rows.size > 0;
  run(m: Model, r: Real) {
    const rows = [...m.rows.values()];
    const existing = rows[this.pick % rows.length]!;
    expect(() => r.outbox.enqueue(auditMessage(existing.stream, { idempotencyKey: existing.key }))).toThrow(OutboxDuplicateKey);
    checkAgreement(m, r);
  }
  toString = () => `enqueueDuplicate(${this.pick})`;
}

class Claim implements Command {
  readonly owner: string;
  readonly leaseMs: number;
  constructor(owner: string, leaseMs: number) {
    this.owner = owner;
    this.leaseMs = leaseMs;
  }
  check = () => true;
  run(m: Model, r: Real) {
    for (const row of m.rows.values()) {
      if (row.state === 'pending' && row.createdAt <= m.now - MAX_AGE_MS && !live(row, m.now))
        Object.assign(row, { state: 'dead', leaseOwner: null, leaseUntil: null });
    }
    const candidate = heads(m)
      .filter((h) => h.nextAttemptAt <= m.now && !live(h, m.now))
      .sort((a, b) => a.id - b.id)[0];
    const claimed = r.outbox.claim(this.owner, this.leaseMs);
    expect(claimed?.id ?? null).toBe(candidate?.id ?? null);
    if (candidate) {
      Object.assign(candidate, { leaseOwner: this.owner, leaseUntil: m.now + this.leaseMs });
      expect(claimed).toMatchObject({
        stream: candidate.stream,
        kind: candidate.kind,
        idempotencyKey: candidate.key,
        attempts: candidate.attempts,
        leaseUntil: candidate.leaseUntil,
      });
    }
    checkAgreement(m, r);
  }
  toString = () => `claim(${this.owner}, ${this.leaseMs})`;
}

class Delivered implements Command {
  readonly pick: number;
  readonly owner: string;
  constructor(pick: number, owner: string) {
    this.pick = pick;
    this.owner = owner;
  }
  check = () => true;
  run(m: Model, r: Real) {
    const id = pickId(m, this.pick);
    const row = held(m, id, this.owner);
    expect(r.outbox.delivered(id, this.owner)).toBe(row !== undefined);
    if (row) m.rows.delete(id);
    checkAgreement(m, r);
  }
  toString = () => `delivered(#${this.pick}, ${this.owner})`;
}

class RetryLater implements Command {
  readonly pick: number;
  readonly owner: string;
  readonly retryAfterMs: number | undefined;
  constructor(pick: number, owner: string, retryAfterMs: number | undefined) {
    this.pick = pick;
    this.owner = owner;
    this.retryAfterMs = retryAfterMs;
  }
  check = () => true;
  run(m: Model, r: Real) {
    const id = pickId(m, this.pick);
    const row = held(m, id, this.owner);
    expect(r.outbox.retryLater(id, this.owner, { reason: 'http_503', ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }) })).toBe(
      row !== undefined,
    );
    if (row) {
      row.attempts += 1;
      Object.assign(row, { nextAttemptAt: m.now + retryDelayMs(row.attempts, BACKOFF, m.random, this.retryAfterMs), leaseOwner: null, leaseUntil: null });
    }
    checkAgreement(m, r);
  }
  toString = () => `retryLater(#${this.pick}, ${this.owner}, ${this.retryAfterMs})`;
}

class DeadLetter implements Command {
  readonly pick: number;
  readonly owner: string;
  constructor(pick: number, owner: string) {
    this.pick = pick;
    this.owner = owner;
  }
  check = () => true;
  run(m: Model, r: Real) {
    const id = pickId(m, this.pick);
    const row = held(m, id, this.owner);
    expect(r.outbox.deadLetter(id, this.owner, 'http_422')).toBe(row !== undefined);
    if (row) Object.assign(row, { state: 'dead', attempts: row.attempts + 1, leaseOwner: null, leaseUntil: null });
    checkAgreement(m, r);
  }
  toString = () => `deadLetter(#${this.pick}, ${this.owner})`;
}

class RetryNow implements Command {
  readonly includeDead: boolean;
  constructor(includeDead: boolean) {
    this.includeDead = includeDead;
  }
  check = () => true;
  run(m: Model, r: Real) {
    let revived = 0;
    let rescheduled = 0;
    for (const row of m.rows.values()) {
      if (this.includeDead && row.state === 'dead' && row.createdAt > m.now - MAX_AGE_MS) {
        Object.assign(row, { state: 'pending', nextAttemptAt: m.now, leaseOwner: null, leaseUntil: null });
        revived += 1;
      }
    }
    for (const row of m.rows.values()) {
      if (row.state === 'pending' && row.nextAttemptAt > m.now) {
        row.nextAttemptAt = m.now;
        rescheduled += 1;
      }
    }
    expect(r.outbox.retryNow({ includeDead: this.includeDead })).toEqual({ rescheduled, revived });
    checkAgreement(m, r);
  }
  toString = () => `retryNow(${this.includeDead})`;
}

class Advance implements Command {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  check = () => true;
  run(m: Model, r: Real) {
    m.now += this.ms;
    r.clock.now += this.ms;
    checkAgreement(m, r);
  }
  toString = () => `advance(${this.ms})`;
}

class Reopen implements Command {
  check = () => true;
  run(m: Model, r: Real) {
    r.db.close();
    openReal(r);
    expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
    checkAgreement(m, r);
  }
  toString = () => 'reopen()';
}

const owner = fc.constantFrom(...OWNERS);
const pick = fc.nat({ max: 1_000 });
const commands = [
  fc.tuple(fc.constantFrom(...STREAMS), fc.constantFrom(...KINDS)).map(([s, k]) => new Enqueue(s, k)),
  pick.map((p) => new EnqueueDuplicate(p)),
  fc.tuple(owner, fc.integer({ min: 1, max: 6_000 })).map(([o, l]) => new Claim(o, l)),
  fc.tuple(owner, fc.integer({ min: 1, max: 6_000 })).map(([o, l]) => new Claim(o, l)),
  fc.tuple(pick, owner).map(([p, o]) => new Delivered(p, o)),
  fc.tuple(pick, owner, fc.option(fc.integer({ min: 0, max: 12_000 }), { nil: undefined })).map(([p, o, ra]) => new RetryLater(p, o, ra)),
  fc.tuple(pick, owner).map(([p, o]) => new DeadLetter(p, o)),
  fc.boolean().map((d) => new RetryNow(d)),
  fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 10_000 })).map((ms) => new Advance(ms)),
  fc.constant(new Reopen()),
];

describe('the outbox against its model', () => {
  it(`agrees on every step of ${RUNS} random command sequences, across reopenings`, () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'medium' }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (cmds, seed) => {
        const real: Real = { path: kioskDatabasePath(memoryBackedTempDir('kiosk-outbox-model-')), clock: { now: T0 }, random: seededRandom(seed) } as Real;
        openReal(real);
        const model: Model = { now: T0, nextId: 1, keySeq: 0, rows: new Map(), ids: [], random: seededRandom(seed) };
        try {
          fc.modelRun(() => ({ model, real }), cmds);
        } finally {
          real.db.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
