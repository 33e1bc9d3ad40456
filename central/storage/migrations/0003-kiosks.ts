/**
 * What the transport and kiosk-facing API keep: registration tokens (hashed)
 * and issued client certificates with their revocation (the SQLite
 * KioskPkiStore, so registrations survive restarts), each kiosk's latest
 * heartbeat, and the traceability records kiosks send in batches.
 */
export default {
  version: 3,
  name: '0003-kiosks',
  sql: /* sql */ `
CREATE TABLE kiosk_registration_tokens (
  token_hash TEXT PRIMARY KEY,               -- SHA-256 hex; the token itself is never stored
  kiosk_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE kiosk_certificates (
  serial            TEXT PRIMARY KEY,        -- lowercase hex, no leading zeros
  kiosk_id          TEXT NOT NULL,
  issued_at         INTEGER NOT NULL,
  not_after         INTEGER NOT NULL,
  revoked_at        INTEGER,
  revocation_reason TEXT CHECK (revocation_reason IN ('superseded', 'key_compromise', 'decommissioned', 'unspecified'))
) STRICT, WITHOUT ROWID;
CREATE INDEX kiosk_certificates_by_kiosk ON kiosk_certificates(kiosk_id);

CREATE TABLE kiosk_heartbeats (
  kiosk_id    TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL,
  version     TEXT NOT NULL,
  queue_depth INTEGER NOT NULL,
  devices     TEXT NOT NULL                  -- JSON: device name → status
) STRICT, WITHOUT ROWID;

CREATE TABLE kiosk_audit_events (
  id          INTEGER PRIMARY KEY,
  kiosk_id    TEXT NOT NULL,
  event_id    TEXT NOT NULL,                 -- the kiosk's id for the record: a resent batch is stored once
  at          TEXT NOT NULL,                 -- ISO 8601 UTC, as the kiosk recorded it
  type        TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  detail      TEXT,                          -- JSON, never secrets
  received_at INTEGER NOT NULL,
  UNIQUE (kiosk_id, event_id)
) STRICT;
`,
};
