/**
 * What kiosks report about themselves: the latest heartbeat per kiosk
 * (version, device status, outbox depth) and their traceability records,
 * sent in batches through the outbox. A record is stored once per
 * (kiosk, eventId), so a batch resent after a lost response adds nothing.
 */
import type { CentralDatabase } from '../storage/database.ts';

export interface Heartbeat {
  readonly version: string;
  readonly queueDepth: number;
  readonly devices: Readonly<Record<string, string>>;
}

export interface StoredHeartbeat extends Heartbeat {
  readonly kioskId: string;
  readonly receivedAt: number;
}

export interface KioskAuditRecord {
  readonly eventId: string;
  readonly at: string;
  readonly type: string;
  readonly outcome: string;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

export class KioskRecords {
  readonly #upsert;
  readonly #latest;
  readonly #insertAudit;
  readonly #listAudit;
  constructor(db: CentralDatabase) {
    this.#upsert = db.prepare<[string, number, string, number, string]>(
      `INSERT INTO kiosk_heartbeats (kiosk_id, received_at, version, queue_depth, devices) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, version = excluded.version,
         queue_depth = excluded.queue_depth, devices = excluded.devices`,
    );
    this.#latest = db.prepare<[string], { kiosk_id: string; received_at: number; version: string; queue_depth: number; devices: string }>(
      'SELECT * FROM kiosk_heartbeats WHERE kiosk_id = ?',
    );
    this.#insertAudit = db.prepare<[string, string, string, string, string, string | null, number]>(
      `INSERT INTO kiosk_audit_events (kiosk_id, event_id, at, type, outcome, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kiosk_id, event_id) DO NOTHING`,
    );
    this.#listAudit = db.prepare<[string], { event_id: string; at: string; type: string; outcome: string; detail: string | null }>(
      'SELECT event_id, at, type, outcome, detail FROM kiosk_audit_events WHERE kiosk_id = ? ORDER BY id',
    );
  }

  /** Call inside a transaction. */
  recordHeartbeat(kioskId: string, heartbeat: Heartbeat, now: number): void {
    this.#upsert.run(kioskId, now, heartbeat.version, heartbeat.queueDepth, JSON.stringify(heartbeat.devices));
  }

  latestHeartbeat(kioskId: string): StoredHeartbeat | undefined {
    const row = this.#latest.get(kioskId);
    return row && { kioskId: row.kiosk_id, receivedAt: row.received_at, version: row.version, queueDepth: row.queue_depth, devices: JSON.parse(row.devices) as Record<string, string> };
  }

  /** Call inside a transaction; returns how many records were new. */
  recordAuditBatch(kioskId: string, records: readonly KioskAuditRecord[], now: number): number {
    let stored = 0;
    for (const r of records) stored += this.#insertAudit.run(kioskId, r.eventId, r.at, r.type, r.outcome, r.detail ? JSON.stringify(r.detail) : null, now).changes;
    return stored;
  }

  auditRecords(kioskId: string): KioskAuditRecord[] {
    return this.#listAudit.all(kioskId).map((r) => ({ eventId: r.event_id, at: r.at, type: r.type, outcome: r.outcome, ...(r.detail ? { detail: JSON.parse(r.detail) as KioskAuditRecord['detail'] } : {}) }));
  }
}
