/**
 * Recent heartbeats per kiosk instead of only the latest (alerts such as
 * "down for more than five minutes" need the run of heartbeats behind the
 * last one), and the operator's out-of-service directive per kiosk. The
 * history is bounded by the writer (storage/kiosk-heartbeats.ts prunes on
 * insert). No kiosk fleet ran the old body, so the old table goes.
 */
export default {
  version: 7,
  name: '0007-kiosk-heartbeats',
  sql: /* sql */ `
DROP TABLE kiosk_heartbeats;

CREATE TABLE kiosk_heartbeats (
  id            INTEGER PRIMARY KEY,
  kiosk_id      TEXT NOT NULL,
  received_at   INTEGER NOT NULL,            -- central's clock, epoch ms
  heartbeat_key TEXT NOT NULL,               -- the Idempotency-Key the kiosk sent it with
  body          TEXT NOT NULL                -- JSON: the validated heartbeat body (no personal data in it)
) STRICT;
CREATE INDEX kiosk_heartbeats_by_kiosk ON kiosk_heartbeats(kiosk_id, id);

CREATE TABLE kiosk_directives (
  kiosk_id       TEXT PRIMARY KEY,
  out_of_service INTEGER NOT NULL CHECK (out_of_service IN (0, 1)),
  office         TEXT,
  reason         TEXT,
  set_at         INTEGER NOT NULL,           -- epoch ms
  set_by         TEXT NOT NULL               -- the operator certificate's id, or 'cli'
) STRICT, WITHOUT ROWID;
`,
};
