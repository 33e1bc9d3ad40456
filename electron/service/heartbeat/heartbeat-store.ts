/**
 * What heartbeats keep in the kiosk database (migration 0003): the session
 * outcomes and technician lockouts central has not yet acknowledged, and the
 * last directive the kiosk accepted. Counts are reset only by `acknowledge`,
 * with the figures central acknowledged, so a heartbeat that never got an
 * answer loses nothing and one that did is never counted twice.
 */
import type { KioskDatabase } from '../db/database.ts';
import { type DirectivePayload, directivePayloadSchema, MAX_SESSION_OUTCOMES } from '../central/heartbeat-contract.ts';

const OUTCOME_KEY = /^[a-z][a-z0-9_-]{0,31}$/;

/** The unacknowledged figures at one moment; `upToMs` is what `acknowledge` moves the session mark to. */
export interface PendingCounts {
  readonly sessions: Record<string, number>;
  readonly technicianLockouts: number;
  readonly upToMs: number;
}

export class HeartbeatStore {
  readonly #db: KioskDatabase;

  constructor(db: KioskDatabase) {
    this.#db = db;
  }

  pending(nowMs: number): PendingCounts {
    const from = this.#state()?.sessions_counted_to ?? 0;
    const rows = this.#db
      .prepare('SELECT outcome, count(*) AS n FROM sessions WHERE ended_at > ? AND ended_at <= ? GROUP BY outcome ORDER BY n DESC, outcome')
      .all(from, nowMs) as { outcome: string | null; n: number }[];
    const sessions: Record<string, number> = {};
    for (const [index, row] of rows.entries()) {
      // The wire allows 16 outcome keys of a fixed shape; anything else (and the long tail) is counted as `other`.
      const valid = row.outcome !== null && OUTCOME_KEY.test(row.outcome) && row.outcome !== 'other';
      const key = valid && index < MAX_SESSION_OUTCOMES - 1 ? (row.outcome as string) : 'other';
      sessions[key] = (sessions[key] ?? 0) + row.n;
    }
    const lockouts = this.#db.prepare('SELECT lockouts FROM technician_pin_guard WHERE id = 1').get() as { lockouts: number } | undefined;
    return { sessions, technicianLockouts: lockouts?.lockouts ?? 0, upToMs: nowMs };
  }

  /** Central acknowledged the heartbeat that carried `sent`. */
  acknowledge(sent: PendingCounts, nowMs: number): void {
    this.#db
      .transaction(() => {
        this.#db
          .prepare(
            'INSERT INTO heartbeat_state (id, sessions_counted_to, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET sessions_counted_to = max(sessions_counted_to, excluded.sessions_counted_to), updated_at = excluded.updated_at',
          )
          .run(sent.upToMs, nowMs);
        // Lockouts during the call stay counted for the next heartbeat.
        this.#db.prepare('UPDATE technician_pin_guard SET lockouts = max(0, lockouts - ?) WHERE id = 1').run(sent.technicianLockouts);
      })
      .immediate();
  }

  /** The last accepted directive, or null (none, or a stored one that no longer parses). */
  directive(): DirectivePayload | null {
    const text = this.#state()?.directive;
    if (text === null || text === undefined) return null;
    try {
      const parsed = directivePayloadSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  keepDirective(directive: DirectivePayload, nowMs: number): void {
    this.#db
      .prepare(
        'INSERT INTO heartbeat_state (id, directive, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET directive = excluded.directive, updated_at = excluded.updated_at',
      )
      .run(JSON.stringify(directive), nowMs);
  }

  #state(): { sessions_counted_to: number; directive: string | null } | undefined {
    return this.#db.prepare('SELECT sessions_counted_to, directive FROM heartbeat_state WHERE id = 1').get() as
      { sessions_counted_to: number; directive: string | null } | undefined;
  }
}
