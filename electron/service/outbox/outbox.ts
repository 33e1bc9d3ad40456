/**
 * The transactional outbox (ARCHITECTURE.md, Offline behaviour;
 * reliability-security.md §1.2): every message for the central API is a row
 * in the kiosk database, written by `enqueue` inside the same SQLite
 * transaction as the state change that produced it. `enqueue` is therefore
 * synchronous (better-sqlite3) and never opens a transaction of its own: the
 * caller wraps it, with its own writes, in `db.transaction(...)`.
 *
 * Delivery is at-least-once; the idempotency key, made with the row and never
 * changed, lets central apply each message once (§2). Rules:
 *
 * - Order: a stream's rows go in id order. Only a stream's head (its oldest
 *   pending row) may be claimed, so a head that is waiting or in flight holds
 *   back the rows behind it. Dead rows are out of the stream.
 * - Leases: `claim` marks the row with an owner and a lease end, atomically
 *   (one IMMEDIATE transaction), so two workers, even in two processes, never
 *   hold the same row. A lease that ran out (its worker died) is claimable
 *   again. `delivered` / `retryLater` / `deadLetter` take effect only while the
 *   row still carries the caller's lease (compare-and-set on the owner), so a
 *   worker whose lease was taken over cannot undo the new holder's work.
 * - Age: central keeps idempotency keys 14 days; a row older than `maxAgeMs`
 *   (7 days) is dead-lettered as `expired` instead of sent, because a resend
 *   after central forgot the key could be applied twice.
 * - Privacy: bodies of personal data are sealed before they get here
 *   (sealing.ts); a deferred enrollment's body must be only the envelope.
 *   Reasons, stats and errors carry codes and counts, never a body.
 */
import type { KioskDatabase } from '../db/database.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';

export const OUTBOX_KINDS = ['audit-events', 'deferred-enrollment', 'heartbeat'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

const DAY_MS = 86_400_000;
/** Half of central's 14-day idempotency-key retention (central/openapi.yaml, IdempotencyKey). */
export const DEFAULT_MAX_AGE_MS = 7 * DAY_MS;
/**
 * central/openapi.yaml caps a sealed envelope at 1,000,000 characters (room
 * for a version 2 deferred enrollment, whose finger image alone may take
 * 700,000), and central's route takes 1 KiB more for the JSON around it and
 * the key id; nothing the kiosk sends is larger. A deferred enrollment with
 * a 256 × 288 R30x image seals to about 100 KB (its record alone is some
 * 75,000 base64 characters), past the 64 KiB that held a template.
 */
export const MAX_BODY_BYTES = 1_000_000 + 1024;
/** draft-ietf-httpapi-idempotency-key-header: an sf-string, printable ASCII; Stripe's 255 characters. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;
const STREAM = /^[\x21-\x7e]{1,128}$/;
const KEY_ID = /^[\x21-\x7e]{1,64}$/;
const OWNER = /^[\x21-\x7e]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_REASON_LENGTH = 160;
const DEAD_ROWS_LISTED = 100;

export interface OutboxMessage {
  /** Rows of one stream are delivered one at a time, in enqueue order. */
  readonly stream: string;
  readonly kind: OutboxKind;
  /** 1–255 printable ASCII characters; unique across the outbox. */
  readonly idempotencyKey: string;
  /** The JSON object to POST. */
  readonly body: string;
  /** The id of central's HPKE key a sealed body was sealed to; null when nothing in it is sealed. */
  readonly keyId: string | null;
}

/** A stored message and its delivery bookkeeping. */
export interface OutboxRow extends OutboxMessage {
  readonly id: number;
  readonly createdAt: number;
  /** Failed deliveries so far. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
}

export interface DeadRowSummary {
  readonly id: number;
  readonly kind: OutboxKind;
  readonly stream: string;
  readonly reason: string;
  readonly attempts: number;
  readonly createdAt: number;
  readonly deadAt: number;
}

export interface OutboxStats {
  readonly pending: number;
  readonly dead: number;
  /** Pending rows under a live lease (being delivered). */
  readonly inFlight: number;
  readonly oldestPendingAgeMs: number | null;
  readonly byKind: Readonly<Record<OutboxKind, { readonly pending: number; readonly dead: number }>>;
  /** The most recent dead rows (at most 100), newest first: what a technician looks at. */
  readonly deadRows: readonly DeadRowSummary[];
}

export interface OutboxOptions {
  /** Milliseconds since the epoch. Default Date.now. */
  readonly now?: () => number;
  readonly maxAgeMs?: number;
  readonly backoff?: BackoffPolicy;
  /** [0, 1); drives the backoff jitter. Default Math.random. */
  readonly random?: () => number;
}

export type OutboxMessageField = 'stream' | 'kind' | 'idempotencyKey' | 'body' | 'keyId' | 'owner' | 'leaseMs' | 'reason';

/** A message (or a call) the outbox refuses; `field` names what is wrong. The message never quotes the body. */
export class OutboxMessageInvalid extends Error {
  readonly code = 'outbox.message_invalid';
  readonly field: OutboxMessageField;
  constructor(field: OutboxMessageField, message: string) {
    super(message);
    this.name = 'OutboxMessageInvalid';
    this.field = field;
  }
}

/** A row with this idempotency key exists already: the caller is enqueuing the same message twice. */
export class OutboxDuplicateKey extends Error {
  readonly code = 'outbox.duplicate_key';
  constructor(options?: ErrorOptions) {
    super('an outbox row with this idempotency key exists already', options);
    this.name = 'OutboxDuplicateKey';
  }
}

interface RawRow {
  id: number;
  stream: string;
  kind: string;
  idempotency_key: string;
  body: string;
  key_id: string | null;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
}

function toRow(raw: RawRow): OutboxRow {
  return {
    id: raw.id,
    stream: raw.stream,
    kind: raw.kind as OutboxKind,
    idempotencyKey: raw.idempotency_key,
    body: raw.body,
    keyId: raw.key_id,
    createdAt: raw.created_at,
    attempts: raw.attempts,
    nextAttemptAt: raw.next_attempt_at,
    leaseOwner: raw.lease_owner,
    leaseUntil: raw.lease_until,
  };
}

/** Reasons are short codes for a technician: printable ASCII, bounded, so nothing long (a body) ends up stored. */
export function shortReason(reason: string): string {
  const cleaned = reason
    .replace(/[^\x20-\x7e]/g, '?')
    .trim()
    .slice(0, MAX_REASON_LENGTH);
  return cleaned === '' ? 'unspecified' : cleaned;
}

function isKind(value: unknown): value is OutboxKind {
  return typeof value === 'string' && (OUTBOX_KINDS as readonly string[]).includes(value);
}

function checkMessage(message: OutboxMessage): void {
  if (typeof message.stream !== 'string' || !STREAM.test(message.stream))
    throw new OutboxMessageInvalid('stream', 'stream must be 1–128 printable ASCII characters without spaces');
  if (!isKind(message.kind)) throw new OutboxMessageInvalid('kind', `kind must be one of ${OUTBOX_KINDS.join(', ')}`);
  if (typeof message.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(message.idempotencyKey)) {
    throw new OutboxMessageInvalid('idempotencyKey', 'idempotency key must be 1–255 printable ASCII characters');
  }
  if (message.keyId !== null && (typeof message.keyId !== 'string' || !KEY_ID.test(message.keyId))) {
    throw new OutboxMessageInvalid('keyId', 'keyId must be null or 1–64 printable ASCII characters');
  }
  if (typeof message.body !== 'string') throw new OutboxMessageInvalid('body', 'body must be a JSON text');
  if (Buffer.byteLength(message.body, 'utf8') > MAX_BODY_BYTES) throw new OutboxMessageInvalid('body', `body must be at most ${MAX_BODY_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.body);
  } catch {
    throw new OutboxMessageInvalid('body', 'body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new OutboxMessageInvalid('body', 'body must be a JSON object');
  if (message.kind === 'deferred-enrollment') checkSealedOnly(parsed as Record<string, unknown>, message.keyId);
}

/**
 * A deferred enrollment holds a citizen's identity, contact and fingerprint:
 * the row may hold nothing but the sealed envelope (and the advisory key id),
 * so a caller that forgot to seal is stopped here, not on a stolen disk.
 */
function checkSealedOnly(body: Record<string, unknown>, keyId: string | null): void {
  const members = Object.keys(body);
  if (members.some((m) => m !== 'sealed' && m !== 'keyId'))
    throw new OutboxMessageInvalid('body', 'a deferred enrollment body may hold only `sealed` and `keyId`');
  if (typeof body.sealed !== 'string' || !BASE64URL.test(body.sealed))
    throw new OutboxMessageInvalid('body', 'a deferred enrollment body needs a base64url `sealed` envelope');
  if (keyId === null) throw new OutboxMessageInvalid('keyId', 'a sealed deferred enrollment must record the key it was sealed to');
  if (body.keyId !== undefined && body.keyId !== keyId) throw new OutboxMessageInvalid('keyId', 'the body names another sealing key than the row');
}

function checkOwner(owner: string): void {
  if (typeof owner !== 'string' || !OWNER.test(owner))
    throw new OutboxMessageInvalid('owner', 'lease owner must be 1–128 printable ASCII characters without spaces');
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The head (oldest pending row) of every stream; the index (state, stream, id) answers it without a scan. */
const HEADS = "SELECT min(id) AS id FROM outbox WHERE state = 'pending' GROUP BY stream";

export class Outbox {
  readonly #db: KioskDatabase;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  readonly maxAgeMs: number;
  readonly #statements;

  constructor(db: KioskDatabase, options: OutboxOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (!Number.isFinite(this.maxAgeMs) || this.maxAgeMs <= 0) throw new RangeError('outbox maxAgeMs must be a positive number');
    retryDelayMs(1, this.#backoff, () => 0); // validates the policy now, not at the first failure
    this.#statements = {
      insert: db.prepare<[string, string, string, string, string | null, number, number], { id: number }>(
        'INSERT INTO outbox (stream, kind, idempotency_key, body, key_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      ),
      expire: db.prepare<{ now: number; bornBefore: number }>(
        `UPDATE outbox SET state = 'dead', dead_reason = 'expired', dead_at = @now, lease_owner = NULL, lease_until = NULL
         WHERE state = 'pending' AND created_at <= @bornBefore AND (lease_until IS NULL OR lease_until <= @now)`,
      ),
      candidate: db.prepare<{ now: number }, { id: number }>(
        `SELECT o.id FROM (${HEADS}) h JOIN outbox o ON o.id = h.id
         WHERE o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until <= @now)
         ORDER BY o.id LIMIT 1`,
      ),
      lease: db.prepare<{ id: number; owner: string; until: number }, RawRow>(
        "UPDATE outbox SET lease_owner = @owner, lease_until = @until WHERE id = @id AND state = 'pending' RETURNING *",
      ),
      followers: db.prepare<{ stream: string; after: number; limit: number }, { id: number; kind: string; lease_until: number | null }>(
        "SELECT id, kind, lease_until FROM outbox WHERE stream = @stream AND state = 'pending' AND id > @after ORDER BY id LIMIT @limit",
      ),
      held: db.prepare<{ id: number; owner: string }, { attempts: number }>(
        "SELECT attempts FROM outbox WHERE id = @id AND lease_owner = @owner AND state = 'pending'",
      ),
      delete: db.prepare<{ id: number; owner: string }>("DELETE FROM outbox WHERE id = @id AND lease_owner = @owner AND state = 'pending'"),
      reschedule: db.prepare<{ id: number; owner: string; next: number; reason: string }>(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @reason, lease_owner = NULL, lease_until = NULL
         WHERE id = @id AND lease_owner = @owner AND state = 'pending'`,
      ),
      bury: db.prepare<{ id: number; owner: string; now: number; reason: string }>(
        `UPDATE outbox SET state = 'dead', attempts = attempts + 1, dead_reason = @reason, dead_at = @now, last_error = @reason, lease_owner = NULL, lease_until = NULL
         WHERE id = @id AND lease_owner = @owner AND state = 'pending'`,
      ),
      dueNow: db.prepare<{ now: number }>("UPDATE outbox SET next_attempt_at = @now WHERE state = 'pending' AND next_attempt_at > @now"),
      revive: db.prepare<{ now: number; bornAfter: number }>(
        `UPDATE outbox SET state = 'pending', dead_reason = NULL, dead_at = NULL, next_attempt_at = @now, lease_owner = NULL, lease_until = NULL
         WHERE state = 'dead' AND created_at > @bornAfter`,
      ),
      nextDue: db.prepare<{ now: number; maxAge: number }, { due: number | null }>(
        // A head can be claimed when it is due and its lease (if live) has run
        // out; it can be dead-lettered (which unblocks its stream) once expired.
        `SELECT min(max(min(o.next_attempt_at, o.created_at + @maxAge),
                        CASE WHEN o.lease_until > @now THEN o.lease_until ELSE 0 END)) AS due
         FROM (${HEADS}) h JOIN outbox o ON o.id = h.id`,
      ),
      pendingCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
      counts: db.prepare<{ now: number }, { kind: string; state: string; n: number; inFlight: number; oldest: number | null }>(
        `SELECT kind, state, count(*) AS n, coalesce(sum(lease_until > @now), 0) AS inFlight, min(created_at) AS oldest
         FROM outbox GROUP BY kind, state`,
      ),
      deadRows: db.prepare<
        [number],
        { id: number; kind: string; stream: string; dead_reason: string | null; attempts: number; created_at: number; dead_at: number | null }
      >("SELECT id, kind, stream, dead_reason, attempts, created_at, dead_at FROM outbox WHERE state = 'dead' ORDER BY dead_at DESC, id DESC LIMIT ?"),
    };
  }

  /** The outbox's clock (the worker schedules against the same one). */
  now(): number {
    return this.#now();
  }

  /**
   * Adds a message. Synchronous and transaction-free on purpose: call it
   * inside the `db.transaction(...)` that makes the state change the message
   * reports, so both commit or neither does. Throws OutboxMessageInvalid or
   * OutboxDuplicateKey (which rolls the caller's transaction back).
   */
  enqueue(message: OutboxMessage): { id: number } {
    checkMessage(message);
    const now = this.#now();
    try {
      const row = this.#statements.insert.get(message.stream, message.kind, message.idempotencyKey, message.body, message.keyId, now, now)!;
      return { id: row.id };
    } catch (error) {
      if (isUniqueViolation(error)) throw new OutboxDuplicateKey({ cause: error });
      throw error;
    }
  }

  /**
   * Leases the oldest deliverable stream head to `owner` for `leaseMs`, or
   * returns null when nothing is due. Rows past `maxAgeMs` are dead-lettered
   * (`expired`) on the way. The lease must outlast one delivery attempt
   * (the worker's request timeout), or another worker may send the row again.
   */
  claim(owner: string, leaseMs: number): OutboxRow | null {
    checkOwner(owner);
    if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new OutboxMessageInvalid('leaseMs', 'lease must be a positive whole number of milliseconds');
    const now = this.#now();
    // IMMEDIATE: the write lock is taken before the read, so two connections cannot both pick the same head.
    return this.#db
      .transaction((): OutboxRow | null => {
        this.#statements.expire.run({ now, bornBefore: now - this.maxAgeMs });
        const candidate = this.#statements.candidate.get({ now });
        if (!candidate) return null;
        const raw = this.#statements.lease.get({ id: candidate.id, owner, until: now + leaseMs });
        return raw ? toRow(raw) : null;
      })
      .immediate();
  }

  /**
   * `claim`, and with the head the rows right behind it in its stream while
   * they are of a kind `joinable` accepts and of the head's kind, up to
   * `maxRows` in all, leased together in order: one delivery can carry them
   * (audit records, which central stores once each whatever the batch).
   * Empty when nothing is due.
   */
  claimRun(owner: string, leaseMs: number, maxRows: number, joinable: (kind: OutboxKind) => boolean): OutboxRow[] {
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError('maxRows must be a positive whole number');
    return this.#db
      .transaction((): OutboxRow[] => {
        const head = this.claim(owner, leaseMs);
        if (head === null) return [];
        const rows = [head];
        if (maxRows === 1 || !joinable(head.kind)) return rows;
        const now = this.#now();
        for (const follower of this.#statements.followers.all({ stream: head.stream, after: head.id, limit: maxRows - 1 })) {
          // The run stops at another kind, or at a row someone else still holds (its outcome is theirs to record).
          if (follower.kind !== head.kind || (follower.lease_until !== null && follower.lease_until > now)) break;
          const raw = this.#statements.lease.get({ id: follower.id, owner, until: now + leaseMs });
          if (!raw) break;
          rows.push(toRow(raw));
        }
        return rows;
      })
      .immediate();
  }

  /** Every row of a delivered run is deleted, in one transaction; returns how many `owner` still held. */
  deliveredAll(ids: readonly number[], owner: string): number {
    return this.#db.transaction(() => ids.reduce((held, id) => held + this.#statements.delete.run({ id, owner }).changes, 0)).immediate();
  }

  /** Delivered: the row is deleted. False when `owner` no longer holds it. */
  delivered(id: number, owner: string): boolean {
    return this.#statements.delete.run({ id, owner }).changes === 1;
  }

  /**
   * Not delivered, try again later: one more attempt counted, the next one
   * scheduled with full-jitter backoff (at least `retryAfterMs` when central
   * sent Retry-After), the lease released. `reason` is stored as a short code.
   */
  retryLater(id: number, owner: string, failure: { reason: string; retryAfterMs?: number }): boolean {
    const reason = shortReason(failure.reason);
    return this.#db
      .transaction((): boolean => {
        const held = this.#statements.held.get({ id, owner });
        if (!held) return false;
        const now = this.#now();
        const next = now + retryDelayMs(held.attempts + 1, this.#backoff, this.#random, failure.retryAfterMs);
        return this.#statements.reschedule.run({ id, owner, next, reason }).changes === 1;
      })
      .immediate();
  }

  /** A permanent failure: the row leaves its stream and waits, with its reason, for a technician. */
  deadLetter(id: number, owner: string, reason: string): boolean {
    return this.#statements.bury.run({ id, owner, now: this.#now(), reason: shortReason(reason) }).changes === 1;
  }

  /** Dead-letters every pending row older than `maxAgeMs` that is not being delivered; returns how many. */
  expireStale(): number {
    const now = this.#now();
    return this.#statements.expire.run({ now, bornBefore: now - this.maxAgeMs }).changes;
  }

  /**
   * The technician's "retry now": every pending row becomes due now (rows in
   * flight keep their lease). With `includeDead`, dead rows young enough to
   * be sent (not past `maxAgeMs`) go back to pending, in their old place in
   * their stream.
   */
  retryNow(options: { includeDead?: boolean } = {}): { rescheduled: number; revived: number } {
    const now = this.#now();
    return this.#db
      .transaction(() => {
        const revived = options.includeDead ? this.#statements.revive.run({ now, bornAfter: now - this.maxAgeMs }).changes : 0;
        const rescheduled = this.#statements.dueNow.run({ now }).changes;
        return { rescheduled, revived };
      })
      .immediate();
  }

  /** When `claim` may next return a row (now or earlier means now); null when nothing is pending. */
  nextDueAt(): number | null {
    return this.#statements.nextDue.get({ now: this.#now(), maxAge: this.maxAgeMs })?.due ?? null;
  }

  pendingCount(): number {
    return this.#statements.pendingCount.get()!.n;
  }

  /** Counts and ages only: no body, no key, nothing of a citizen. */
  stats(now: number = this.#now()): OutboxStats {
    const byKind = Object.fromEntries(OUTBOX_KINDS.map((k) => [k, { pending: 0, dead: 0 }])) as Record<OutboxKind, { pending: number; dead: number }>;
    let pending = 0;
    let dead = 0;
    let inFlight = 0;
    let oldest: number | null = null;
    for (const group of this.#statements.counts.all({ now })) {
      const state = group.state === 'dead' ? 'dead' : 'pending';
      if (state === 'pending') {
        pending += group.n;
        inFlight += group.inFlight;
        if (group.oldest !== null && (oldest === null || group.oldest < oldest)) oldest = group.oldest;
      } else {
        dead += group.n;
      }
      if (isKind(group.kind)) byKind[group.kind][state] += group.n;
    }
    const deadRows = this.#statements.deadRows.all(DEAD_ROWS_LISTED).map((r) => ({
      id: r.id,
      kind: r.kind as OutboxKind,
      stream: r.stream,
      reason: r.dead_reason ?? 'unspecified',
      attempts: r.attempts,
      createdAt: r.created_at,
      deadAt: r.dead_at ?? r.created_at,
    }));
    return { pending, dead, inFlight, oldestPendingAgeMs: oldest === null ? null : Math.max(0, now - oldest), byKind, deadRows };
  }
}
