/**
 * The durable side of a session on the kiosk's SQLite database: the session
 * ledger (no identity: mode, start, end, outcome), the audit trail and the
 * deferred enrollments, both through the outbox.
 *
 * Sealing is asynchronous (Web Crypto) and better-sqlite3 transactions are
 * synchronous, so every write seals first and then commits the outbox rows
 * together with the state change they belong to, in one transaction
 * (the transactional outbox, reliability-security.md §1.2). Audit records are
 * chained so they are queued in the order the session produced them.
 */
import { randomUUID } from 'node:crypto';
import type { KioskDatabase } from '../db/database.ts';
import { auditMessage, type AuditRecord } from '../audit/audit-trail.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { type CentralSealingKey, DEFERRED_ENROLLMENT_VERSION, sealDeferredEnrollment } from '../outbox/sealing.ts';
import type { StorageGuard } from '../outbox/storage-guard.ts';
import type { AuditRecordRequest, SessionOutcome } from './session-inputs.ts';
import type { DeferRequest, SessionLedger } from './session-ports.ts';

export const ENROLLMENT_STREAM = 'enrollment';

export class DeferredEnrollmentImpossible extends Error {
  readonly code: 'outbox.no_sealing_key' | 'outbox.storage_full';
  constructor(code: DeferredEnrollmentImpossible['code'], message: string) {
    super(message);
    this.name = 'DeferredEnrollmentImpossible';
    this.code = code;
  }
}

export interface SqliteSessionLedgerOptions {
  readonly db: KioskDatabase;
  readonly outbox: Outbox;
  readonly kioskId: string;
  /** Central's current sealing key; null until the kiosk has reached central once. */
  readonly sealingKey: () => CentralSealingKey | null;
  readonly guard?: StorageGuard;
  /** Called after rows were queued (wakes the delivery worker). */
  readonly onQueued?: () => void;
  /** After an audit record is committed (default `onQueued`): records are not urgent, a caller may let a few gather. */
  readonly onAuditQueued?: () => void;
}

export class SqliteSessionLedger implements SessionLedger {
  readonly #options: SqliteSessionLedgerOptions;
  readonly #insertSession;
  readonly #endSession;
  /** The audit chain: each record is queued after the previous one. */
  #auditChain: Promise<void> = Promise.resolve();

  constructor(options: SqliteSessionLedgerOptions) {
    this.#options = options;
    this.#insertSession = options.db.prepare<[string, string, number]>('INSERT OR IGNORE INTO sessions (id, mode, started_at) VALUES (?, ?, ?)');
    this.#endSession = options.db.prepare<[number, string, string]>('UPDATE sessions SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL');
  }

  /**
   * At service start: sessions a crash cut short are closed as `interrupted`
   * (their in-memory data died with the process), and ledger rows older than
   * the retention are dropped (they hold no identity, but need not grow forever).
   */
  recover(nowMs: number, retentionMs = 90 * 86_400_000): { interrupted: number; pruned: number } {
    const { db } = this.#options;
    return db.transaction(() => ({
      interrupted: db.prepare("UPDATE sessions SET ended_at = ?, outcome = 'interrupted' WHERE ended_at IS NULL").run(nowMs).changes,
      pruned: db.prepare('DELETE FROM sessions WHERE started_at < ?').run(nowMs - retentionMs).changes,
    }))();
  }

  sessionStarted(sessionId: string, mode: string, nowMs: number): void {
    this.#insertSession.run(sessionId, mode, nowMs);
  }

  sessionEnded(sessionId: string, outcome: SessionOutcome, nowMs: number): void {
    this.#endSession.run(nowMs, outcome, sessionId);
  }

  audit(request: AuditRecordRequest, context: { sessionId: string | null; nowMs: number }): Promise<void> {
    return this.record({
      type: request.type,
      outcome: request.outcome,
      atMs: context.nowMs,
      subjectRun: request.subjectRun,
      detail: { ...request.detail, ...(context.sessionId !== null && { session: context.sessionId }) },
    });
  }

  /** Queues any audit record (technician actions use this too). Resolves once it is committed. */
  record(record: AuditRecord): Promise<void> {
    const { outbox, kioskId, sealingKey, onQueued, onAuditQueued } = this.#options;
    const queued = this.#auditChain.then(async () => {
      const message = await auditMessage(record, kioskId, sealingKey());
      outbox.enqueue(message);
      (onAuditQueued ?? onQueued)?.();
    });
    // The chain survives a failed record (it is reported to this caller only).
    this.#auditChain = queued.catch(() => undefined);
    return queued;
  }

  async deferEnrollment(request: DeferRequest, nowMs: number): Promise<void> {
    const { db, outbox, kioskId, sealingKey, guard, onQueued } = this.#options;
    const key = sealingKey();
    if (key === null) throw new DeferredEnrollmentImpossible('outbox.no_sealing_key', 'no central sealing key: the kiosk has never reached central');
    if (guard && !guard.check().ok) throw new DeferredEnrollmentImpossible('outbox.storage_full', 'the kiosk storage guard refuses new rows');
    const idempotencyKey = `deferred-${randomUUID()}`;
    const body = await sealDeferredEnrollment(key, kioskId, idempotencyKey, {
      version: DEFERRED_ENROLLMENT_VERSION,
      capturedAt: new Date(nowMs).toISOString(),
      run: request.card.run,
      cardSerial: request.card.serial,
      cardExpiry: request.card.expiry,
      finger: request.capture.finger,
      fingerImage: request.capture.fingerImage,
      email: request.email,
      phone: request.phone,
      generate: request.generate,
      language: request.language,
    });
    const audit = await auditMessage(
      {
        type: 'deferred_enrollment.queued',
        outcome: 'ok',
        atMs: nowMs,
        subjectRun: request.card.run,
        detail: { session: request.sessionId, notifyBy: request.generate },
      },
      kioskId,
      key,
    );
    // One transaction: the enrollment, its audit record and the session's outcome stand or fall together.
    await this.#auditChain;
    db.transaction(() => {
      outbox.enqueue({ stream: ENROLLMENT_STREAM, kind: 'deferred-enrollment', idempotencyKey, body, keyId: key.keyId });
      outbox.enqueue(audit);
      this.#endSession.run(nowMs, 'deferred', request.sessionId);
    }).immediate();
    onQueued?.();
  }
}
