/**
 * Audit records of technician mode on the touch screen: the same trail as
 * kioskctl's (technician-audit.ts: one outbox row in stream `audit`,
 * queued in the same SQLite transaction as the change it records), marked
 * `via: touch-screen`. A configuration change carries each field's old and
 * new value as the technician saw them (devices in their compact form),
 * never a secret: the PIN hash is recorded only as "[set]".
 *
 * Central takes detail keys up to 64 characters and values up to 256
 * (central/api/routes.ts, auditBatchBody), so longer values are cut.
 */
import type { ConfigChange } from '../../contract/index.ts';
import type { AuditDetail } from '../audit/audit-trail.ts';
import type { KioskDatabase } from '../db/database.ts';
import { SECRET_FIELDS, SET_MARK } from './config-view.ts';
import { recordWith, type TechnicianAction, technicianRecord } from './technician-audit.ts';

const MAX_VALUE = 256;

function auditValue(field: string, value: string | null): string | null {
  if (value === null) return null;
  if (SECRET_FIELDS.includes(field)) return SET_MARK;
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
}

/** `fields`, then `old.FIELD` / `new.FIELD` for each change. */
export function changeDetail(changes: readonly ConfigChange[]): Record<string, string | null> {
  const detail: Record<string, string | null> = {
    fields:
      changes
        .map((c) => c.field)
        .join(',')
        .slice(0, MAX_VALUE) || 'none',
  };
  for (const change of changes.slice(0, 7)) {
    detail[`old.${change.field}`.slice(0, 64)] = auditValue(change.field, change.old);
    detail[`new.${change.field}`.slice(0, 64)] = auditValue(change.field, change.new);
  }
  return detail;
}

export class TechnicianRecords {
  readonly #db: KioskDatabase;
  readonly #kioskId: () => string;

  constructor(db: KioskDatabase, kioskId: () => string) {
    this.#db = db;
    this.#kioskId = kioskId;
  }

  /** Queues the record for `action` together with `change`: both are committed, or neither. */
  async with<T>(action: TechnicianAction, detail: AuditDetail, at: Date, change: () => T, outcome = 'ok'): Promise<T> {
    const record = await technicianRecord(action, detail, this.#kioskId(), at, 'touch-screen', outcome.slice(0, 64));
    return recordWith(this.#db, record, change);
  }

  /** A record of something that changed nothing stored (a test, an exit). */
  async record(action: TechnicianAction, detail: AuditDetail, at: Date, outcome = 'ok'): Promise<void> {
    await this.with(action, detail, at, () => undefined, outcome);
  }
}
