import type { Migration } from '../migrate.ts';

/**
 * The first schema: configuration, the outbox, the session ledger.
 *
 * - kiosk_config: one validated JSON document (config/kiosk-config.ts), with
 *   the time it was last written. Secrets are not in it: the client key is a
 *   0600 file, the technician PIN only an Argon2id hash.
 * - outbox (ARCHITECTURE.md, Offline behaviour): one row per message for the
 *   central API. `body` is the JSON to send; every member holding personal
 *   data is HPKE-sealed before the row is written, so nothing here can be
 *   read back. Only routing metadata is in the clear. `stream` orders
 *   delivery (a stream's rows go in id order); `idempotency_key` is created
 *   with the row and never changes; `lease_*` is the claim of a delivery
 *   attempt; `state` = pending | dead (dead: permanent failure, with reason).
 * - sessions: what happened in each session, without anyone's identity
 *   (mode, start, end, outcome), for counts and for the outbox transaction.
 */
export const migration0001: Migration = {
  version: 1,
  name: '0001-kiosk',
  sql: `
    CREATE TABLE kiosk_config (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      document TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      stream TEXT NOT NULL,
      kind TEXT NOT NULL,
      idempotency_key TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL,
      key_id TEXT,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      last_error TEXT,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead')),
      dead_reason TEXT,
      dead_at INTEGER
    ) STRICT;
    CREATE INDEX outbox_stream_order ON outbox (state, stream, id);

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      mode TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      outcome TEXT
    ) STRICT;
  `,
};
