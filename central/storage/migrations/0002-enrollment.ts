/**
 * What the enrollment API itself writes: verification failures and lockout
 * (persons.locked_at), short-lived verification tokens, activation codes,
 * accounts, the message outbox (development mailbox), audit rows,
 * idempotency keys and rate-limit events. Secrets (tokens, codes) are stored
 * only as HMACs keyed with the server secret; passwords only as Argon2id PHC
 * strings (reliability-security.md §4).
 */
export default {
  version: 2,
  name: '0002-enrollment',
  sql: /* sql */ `
CREATE TABLE verification_failures (
  id        INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  kiosk_id  TEXT NOT NULL,
  at        INTEGER NOT NULL
) STRICT;
CREATE INDEX verification_failures_by_person ON verification_failures(person_id, at);

CREATE TABLE verification_tokens (
  token_hash      BLOB PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  kiosk_id        TEXT NOT NULL,
  finger_position INTEGER NOT NULL,
  issued_at       INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER,
  used_for        TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX verification_tokens_by_expiry ON verification_tokens(expires_at);

CREATE TABLE activation_codes (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons(id),
  code_hash  BLOB NOT NULL UNIQUE,
  kiosk_id   TEXT NOT NULL,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  revoked_at INTEGER                          -- superseded by a newer code for the same person
) STRICT;
CREATE INDEX activation_codes_by_person ON activation_codes(person_id);

CREATE TABLE accounts (
  person_id     INTEGER PRIMARY KEY REFERENCES persons(id),
  email         TEXT NOT NULL,
  phone         TEXT NOT NULL,
  password_hash TEXT NOT NULL,                -- Argon2id PHC string
  channel       TEXT NOT NULL CHECK (channel IN ('activation-code', 'one-step')),
  kiosk_id      TEXT,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  subject    TEXT,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_events (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,                     -- ISO 8601 UTC (Decreto 9: traceability)
  kiosk_id TEXT,
  run      TEXT,
  event    TEXT NOT NULL,
  outcome  TEXT NOT NULL,
  detail   TEXT                               -- JSON, never secrets
) STRICT;
CREATE INDEX audit_events_by_run ON audit_events(run);

CREATE TABLE idempotency_keys (
  scope_hash   BLOB PRIMARY KEY,              -- SHA-256 of client id, method, path and key
  client_id    TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  body_hash    BLOB NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
  locked_at    INTEGER NOT NULL,
  response     BLOB,                          -- sealed (AES-256-GCM) stored outcome
  created_at   INTEGER NOT NULL,
  completed_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);

CREATE TABLE rate_limit_events (
  bucket TEXT NOT NULL,
  at     INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limit_events_by_bucket ON rate_limit_events(bucket, at);
`,
} as const;
