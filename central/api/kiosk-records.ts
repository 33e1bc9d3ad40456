/**
 * What kiosks report about themselves: their traceability records, sent in
 * batches through the outbox (heartbeats: kiosk-fleet.ts). A record is stored once per
 * (kiosk, eventId), so a batch resent after a lost response adds nothing.
 *
 * A record about a person carries the person's RUN sealed to central
 * (`subject`, HPKE): the kiosk's queue never holds it in the clear, and only
 * central can open it. The AAD binds the sealed subject to the kiosk of the
 * client certificate and to the record's eventId, so a subject copied into
 * another record, or sent by another kiosk, does not open.
 */
import { parseRun } from '../domain/run.ts';
import type { CentralDatabase } from '../storage/database.ts';

export interface KioskAuditRecord {
  readonly eventId: string;
  readonly at: string;
  readonly type: string;
  readonly outcome: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
  /** The person's RUN, canonical ('15234871-1'), once central has opened the sealed subject. */
  readonly run?: string;
}

export const AUDIT_SUBJECT_VERSION = 1;

/** The AAD a kiosk seals an audit record's subject with: UTF-8 of a fixed label, the kiosk id of its certificate and the eventId, LF-separated. */
export function auditSubjectAad(kioskId: string, eventId: string): Uint8Array {
  return new TextEncoder().encode(`claveunica-audit-subject/v${AUDIT_SUBJECT_VERSION}\n${kioskId}\n${eventId}`);
}

/**
 * The opened subject's plaintext: UTF-8 JSON `{"run":"12.345.678-5"}`, no
 * other members. Returns the canonical RUN, or undefined when the plaintext
 * is not that (not UTF-8, not JSON, another shape, a RUN whose check digit is wrong).
 */
export function auditSubjectRun(plaintext: Uint8Array): string | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return undefined;
  const keys = Object.keys(decoded);
  const run = (decoded as { run?: unknown }).run;
  if (keys.length !== 1 || typeof run !== 'string') return undefined;
  return parseRun(run)?.canonical;
}

export class KioskRecords {
  readonly #insertAudit;
  readonly #listAudit;
  constructor(db: CentralDatabase) {
    this.#insertAudit = db.prepare<[string, string, string, string, string, string | null, number, string | null]>(
      `INSERT INTO kiosk_audit_events (kiosk_id, event_id, at, type, outcome, detail, received_at, run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kiosk_id, event_id) DO NOTHING`,
    );
    this.#listAudit = db.prepare<[string], { event_id: string; at: string; type: string; outcome: string; detail: string | null; run: string | null }>(
      'SELECT event_id, at, type, outcome, detail, run FROM kiosk_audit_events WHERE kiosk_id = ? ORDER BY id',
    );
  }

  /** Call inside a transaction; returns how many records were new. */
  recordAuditBatch(kioskId: string, records: readonly KioskAuditRecord[], now: number): number {
    let stored = 0;
    for (const r of records)
      stored += this.#insertAudit.run(kioskId, r.eventId, r.at, r.type, r.outcome, r.detail ? JSON.stringify(r.detail) : null, now, r.run ?? null).changes;
    return stored;
  }

  auditRecords(kioskId: string): KioskAuditRecord[] {
    return this.#listAudit.all(kioskId).map((r) => ({
      eventId: r.event_id,
      at: r.at,
      type: r.type,
      outcome: r.outcome,
      ...(r.detail ? { detail: JSON.parse(r.detail) as KioskAuditRecord['detail'] } : {}),
      ...(r.run !== null && { run: r.run }),
    }));
  }
}
