/**
 * Each kiosk's recent heartbeats and its out-of-service directive
 * (migration 0007). The history is what the alerts read ("down for more than
 * five minutes" needs the heartbeats behind the last one), so it is kept for
 * a week and at most HEARTBEAT_ROWS_PER_KIOSK rows per kiosk (a week at the
 * default five-minute interval), pruned on every insert: a kiosk set to a
 * ten-second interval cannot grow the table without bound.
 */
import type { HeartbeatBody } from '../api/heartbeat-wire.ts';
import type { CentralDatabase } from './database.ts';

export const HEARTBEAT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const HEARTBEAT_ROWS_PER_KIOSK = 2016;

export interface StoredHeartbeat {
  readonly kioskId: string;
  /** Central's clock, epoch ms. */
  readonly receivedAt: number;
  readonly heartbeatKey: string;
  readonly body: HeartbeatBody;
}

export interface KioskDirectiveState {
  readonly kioskId: string;
  readonly outOfService: boolean;
  readonly office: string | null;
  readonly reason: string | null;
  /** Epoch ms. */
  readonly setAt: number;
  readonly setBy: string;
}

interface HeartbeatRow {
  kiosk_id: string;
  received_at: number;
  heartbeat_key: string;
  body: string;
}
interface DirectiveRow {
  kiosk_id: string;
  out_of_service: number;
  office: string | null;
  reason: string | null;
  set_at: number;
  set_by: string;
}

const heartbeat = (r: HeartbeatRow): StoredHeartbeat => ({
  kioskId: r.kiosk_id,
  receivedAt: r.received_at,
  heartbeatKey: r.heartbeat_key,
  body: JSON.parse(r.body) as HeartbeatBody,
});
const directive = (r: DirectiveRow): KioskDirectiveState => ({
  kioskId: r.kiosk_id,
  outOfService: r.out_of_service === 1,
  office: r.office,
  reason: r.reason,
  setAt: r.set_at,
  setBy: r.set_by,
});

export class KioskHeartbeats {
  readonly #insert;
  readonly #prune;
  readonly #recent;
  readonly #kiosks;
  readonly #directive;
  readonly #setDirective;
  constructor(db: CentralDatabase) {
    this.#insert = db.prepare<[string, number, string, string]>(
      'INSERT INTO kiosk_heartbeats (kiosk_id, received_at, heartbeat_key, body) VALUES (?, ?, ?, ?)',
    );
    this.#prune = db.prepare<{ kioskId: string; before: number; keep: number }>(
      `DELETE FROM kiosk_heartbeats WHERE kiosk_id = @kioskId AND (received_at < @before OR id <= (
         SELECT id FROM kiosk_heartbeats WHERE kiosk_id = @kioskId ORDER BY id DESC LIMIT 1 OFFSET @keep))`,
    );
    this.#recent = db.prepare<[string], HeartbeatRow>('SELECT kiosk_id, received_at, heartbeat_key, body FROM kiosk_heartbeats WHERE kiosk_id = ? ORDER BY id');
    this.#kiosks = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk_heartbeats UNION SELECT kiosk_id FROM kiosk_directives ORDER BY kiosk_id');
    this.#directive = db.prepare<[string], DirectiveRow>('SELECT * FROM kiosk_directives WHERE kiosk_id = ?');
    this.#setDirective = db.prepare<[string, number, string | null, string | null, number, string]>(
      `INSERT INTO kiosk_directives (kiosk_id, out_of_service, office, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kiosk_id) DO UPDATE SET out_of_service = excluded.out_of_service, office = excluded.office,
         reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by`,
    );
  }

  /** Call inside a transaction: the insert and the pruning go together. */
  record(kioskId: string, heartbeatKey: string, body: HeartbeatBody, now: number): void {
    this.#insert.run(kioskId, now, heartbeatKey, JSON.stringify(body));
    this.#prune.run({ kioskId, before: now - HEARTBEAT_RETENTION_MS, keep: HEARTBEAT_ROWS_PER_KIOSK });
  }

  /** Oldest first: what pruning left, a week at most behind the kiosk's latest (which may itself be old). */
  recent(kioskId: string): StoredHeartbeat[] {
    return this.#recent.all(kioskId).map(heartbeat);
  }

  /** Every kiosk that ever sent a heartbeat (still kept) or has a directive, by id. */
  kioskIds(): string[] {
    return this.#kiosks.all().map((r) => r.kiosk_id);
  }

  directive(kioskId: string): KioskDirectiveState | undefined {
    const row = this.#directive.get(kioskId);
    return row && directive(row);
  }

  /** Call inside a transaction, with the audit row of the change. */
  setDirective(state: KioskDirectiveState): void {
    this.#setDirective.run(state.kioskId, state.outOfService ? 1 : 0, state.office, state.reason, state.setAt, state.setBy);
  }
}
