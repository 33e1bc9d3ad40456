/**
 * Technician actions taken through kioskctl go into the audit trail like
 * every other traceability record (audit-trail.ts; Decreto 9, art. 13): one
 * outbox row in stream `audit`, delivered to central by the service's worker.
 *
 * A technician record has no subject (no citizen), so it needs no sealing
 * key and is never withheld. kioskctl's records name what was done (field
 * names, counts), never a value. Technician mode on the touch screen also
 * writes old and new values of the fields it changes, except secrets (the
 * PIN hash is never in a record): technician-records.ts.
 *
 * The row is queued in the same SQLite transaction as the change it records
 * (`recordWith`), so a change is never made without its record, nor recorded
 * without being made.
 */
import { type AuditDetail, auditMessage, type AuditOutboxMessage } from '../audit/audit-trail.ts';
import type { KioskDatabase } from '../db/database.ts';
import { Outbox } from '../outbox/outbox.ts';

export type TechnicianAction =
  | 'technician.config_changed'
  | 'technician.kiosk_registered'
  | 'technician.queue_retried'
  // The PIN: set with kioskctl, changed there or in technician mode (technician-pin.ts).
  | 'technician.pin_set'
  | 'technician.pin_changed'
  // Technician mode on the touch screen (electron/service/technician/).
  | 'technician.entered'
  | 'technician.pin_failed'
  | 'technician.locked_out'
  | 'technician.exited'
  | 'technician.device_probed'
  | 'technician.device_tested'
  | 'technician.central_tested'
  | 'technician.selftest_run'
  | 'technician.diagnostics_exported';

/** Where the technician acted: kioskctl (SSH, console) or technician mode on the touch screen. */
export type TechnicianChannel = 'kioskctl' | 'touch-screen';

/** Built before the transaction: sealing is asynchronous, better-sqlite3 transactions are not (here nothing is sealed, but the trail's API is the same). */
export function technicianRecord(
  action: TechnicianAction,
  detail: AuditDetail,
  kioskId: string,
  at: Date,
  via: TechnicianChannel = 'kioskctl',
  outcome = 'ok',
): Promise<AuditOutboxMessage> {
  return auditMessage({ type: action, outcome, atMs: at.getTime(), subjectRun: null, detail: { ...detail, via } }, kioskId, null);
}

/** Runs `change` and queues `record` in one IMMEDIATE transaction; either both are committed or neither is. */
export function recordWith<T>(db: KioskDatabase, record: AuditOutboxMessage, change: () => T): T {
  const outbox = new Outbox(db);
  return db
    .transaction(() => {
      const result = change();
      outbox.enqueue(record);
      return result;
    })
    .immediate();
}
