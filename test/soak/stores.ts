/**
 * The soak's view of the two SQLite files.
 *
 * The kiosk deletes an outbox row once central has answered it, so after the
 * run its database no longer says what it delivered. Before the service
 * first starts, the harness creates the kiosk's database with the kiosk's own
 * migrations and adds a journal table and three triggers to it: every outbox
 * row inserted, deleted while pending (delivered: the only DELETE in
 * outbox.ts) or dead-lettered is written down in the same transaction as the
 * kiosk's own change. The service never reads that table; nothing else in
 * the database changes.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { canonicalJson } from '../../central/domain/idempotency.ts';
import { closeKioskDatabase, kioskDatabasePath, openKioskDatabase } from '../../electron/service/db/database.ts';
import type { OutboxKind } from '../../electron/service/outbox/outbox.ts';
import type { CentralActivation, CentralKioskAudit, LedgerSession, OutboxEntry } from './reconcile.ts';

const NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

export function prepareKioskDatabase(dataDir: string): void {
  const db = openKioskDatabase(kioskDatabasePath(dataDir));
  try {
    db.exec(`
      CREATE TABLE IF NOT EXISTS soak_outbox_journal (
        idempotency_key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        delivered_at INTEGER,
        dead_at INTEGER,
        dead_reason TEXT
      ) STRICT;
      CREATE TRIGGER IF NOT EXISTS soak_outbox_queued AFTER INSERT ON outbox BEGIN
        INSERT OR IGNORE INTO soak_outbox_journal (idempotency_key, kind, queued_at) VALUES (new.idempotency_key, new.kind, new.created_at);
      END;
      CREATE TRIGGER IF NOT EXISTS soak_outbox_delivered AFTER DELETE ON outbox WHEN old.state = 'pending' BEGIN
        UPDATE soak_outbox_journal SET delivered_at = ${NOW_MS} WHERE idempotency_key = old.idempotency_key;
      END;
      CREATE TRIGGER IF NOT EXISTS soak_outbox_dead AFTER UPDATE OF state ON outbox WHEN new.state = 'dead' BEGIN
        UPDATE soak_outbox_journal SET dead_at = ${NOW_MS}, dead_reason = new.dead_reason WHERE idempotency_key = new.idempotency_key;
      END;
    `);
  } finally {
    closeKioskDatabase(db);
  }
}

/** Outbox rows still to deliver (heartbeats aside), read beside the running service (WAL allows a reader). */
export function pendingRecords(dataDir: string, kind?: OutboxKind): number {
  const db = new Database(kioskDatabasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    if (kind !== undefined) return db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind = ?").get(kind)!.n;
    return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind != 'heartbeat'").get()!.n;
  } finally {
    db.close();
  }
}

export interface KioskRecords {
  readonly ledger: LedgerSession[];
  readonly outbox: OutboxEntry[];
}

export function readKiosk(dataDir: string, kioskId: string): KioskRecords {
  const db = new Database(kioskDatabasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const ledger = db
      .prepare<[], { id: string; ended_at: number | null; outcome: string | null }>('SELECT id, ended_at, outcome FROM sessions')
      .all()
      .map((r) => ({ kioskId, id: r.id, endedAt: r.ended_at, outcome: r.outcome }));
    const outbox = db
      .prepare<[], { idempotency_key: string; kind: string; delivered_at: number | null; dead_at: number | null; dead_reason: string | null }>(
        'SELECT idempotency_key, kind, delivered_at, dead_at, dead_reason FROM soak_outbox_journal',
      )
      .all()
      .map((r): OutboxEntry => ({
        kioskId,
        idempotencyKey: r.idempotency_key,
        kind: r.kind,
        state: r.delivered_at !== null ? 'delivered' : r.dead_at !== null ? 'dead' : 'pending',
        deadReason: r.dead_reason,
      }));
    return { ledger, outbox };
  } finally {
    db.close();
  }
}

export interface CentralRecords {
  readonly audits: CentralKioskAudit[];
  readonly activations: CentralActivation[];
  /** `${kioskId} ${idempotencyKey}` of the kiosks' deferred enrollments that central answered (stored response). */
  readonly deferredDone: Set<string>;
}

/** central's idempotency scope (central/domain/idempotency.ts): SHA-256 over the canonical [client, method, path, key]. */
function scopeHash(kioskId: string, key: string): string {
  return createHash('sha256')
    .update(canonicalJson([kioskId, 'POST', '/v1/deferred-enrollments', key]))
    .digest('hex');
}

export function readCentral(centralDb: string, deferredKeys: readonly { kioskId: string; key: string }[]): CentralRecords {
  const db = new Database(centralDb, { readonly: true, fileMustExist: true });
  try {
    const audits = db
      .prepare<[], { kiosk_id: string; event_id: string }>('SELECT kiosk_id, event_id FROM kiosk_audit_events')
      .all()
      .map((r) => ({ kioskId: r.kiosk_id, eventId: r.event_id }));
    const activations = db
      .prepare<[], { id: number; run: string; kiosk_id: string | null }>(
        "SELECT id, run, kiosk_id FROM audit_events WHERE event = 'activation' AND outcome = 'ok' AND run IS NOT NULL ORDER BY id",
      )
      .all()
      .map((r) => ({ auditId: r.id, run: r.run, kioskId: r.kiosk_id }));
    const done = new Set(
      db
        .prepare<[], { scope_hash: Buffer }>("SELECT scope_hash FROM idempotency_keys WHERE path = '/v1/deferred-enrollments' AND state = 'done'")
        .all()
        .map((r) => r.scope_hash.toString('hex')),
    );
    const deferredDone = new Set(deferredKeys.filter((d) => done.has(scopeHash(d.kioskId, d.key))).map((d) => `${d.kioskId} ${d.key}`));
    return { audits, activations, deferredDone };
  } finally {
    db.close();
  }
}

/**
 * Whether central has audited an activation of `run` after the audit row
 * `epoch` (the citizen's latest reset): a deferred enrolment has landed, so
 * the citizen may be reset and enrol again. Reads central's file while
 * central runs (WAL: a reader does not block it); false while the file or
 * the table is not there yet.
 */
export function centralActivations(centralDb: string): { activatedSince(run: string, epoch: number): boolean; close(): void } {
  let db: Database.Database | null = null;
  let statement: Database.Statement<[string, number], unknown> | null = null;
  return {
    activatedSince(run, epoch) {
      try {
        db ??= new Database(centralDb, { readonly: true, fileMustExist: true });
        statement ??= db.prepare<[string, number], unknown>("SELECT 1 FROM audit_events WHERE event = 'activation' AND run = ? AND id > ? LIMIT 1");
        return statement.get(run, epoch) !== undefined;
      } catch {
        return false;
      }
    },
    close() {
      db?.close();
    },
  };
}
