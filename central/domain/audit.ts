/**
 * Traceability rows (Decreto 9; reliability-security.md §8: every
 * authentication event, success and failure, with the user identifier, the
 * kiosk id and a UTC timestamp). The RUN is the person's identifier and is
 * stored in full here, in the database, which is the record; it never goes to
 * log lines. `detail` carries outcome facts only: never passwords, codes,
 * tokens or templates.
 */
import { isoUtc } from './clock.ts';
import type { CentralDatabase } from '../storage/database.ts';

export type AuditEvent = 'verification' | 'activation_code_issued' | 'activation' | 'activation_code_guessing' | 'lockout' | 'unlock' | 'sign_in';

export interface AuditEntry {
  readonly event: AuditEvent;
  /** `ok`, or the error code the request ended with. */
  readonly outcome: string;
  readonly run: string | null;
  readonly kioskId: string | null;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly at: string;
}

export class AuditLog {
  readonly #insert;
  readonly #list;
  constructor(db: CentralDatabase) {
    this.#insert = db.prepare<[string, string | null, string | null, string, string, string | null]>(
      'INSERT INTO audit_events (at, kiosk_id, run, event, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare<
      [{ run: string | null; event: string | null; limit: number }],
      { id: number; at: string; kiosk_id: string | null; run: string | null; event: string; outcome: string; detail: string | null }
    >('SELECT * FROM audit_events WHERE (@run IS NULL OR run = @run) AND (@event IS NULL OR event = @event) ORDER BY id DESC LIMIT @limit');
  }

  /** Call inside the transaction of the change it records. */
  record(entry: AuditEntry, now: number): void {
    this.#insert.run(isoUtc(now), entry.kioskId, entry.run, entry.event, entry.outcome, entry.detail ? JSON.stringify(entry.detail) : null);
  }

  /** Newest first. */
  list(filter: { run?: string; event?: AuditEvent; limit?: number } = {}): AuditRow[] {
    return this.#list.all({ run: filter.run ?? null, event: filter.event ?? null, limit: filter.limit ?? 100 }).map((r) => ({
      id: r.id,
      at: r.at,
      kioskId: r.kiosk_id,
      run: r.run,
      event: r.event as AuditEvent,
      outcome: r.outcome,
      ...(r.detail ? { detail: JSON.parse(r.detail) as AuditEntry['detail'] } : {}),
    }));
  }
}
