CREATE TABLE accounts (
  person_id     INTEGER PRIMARY KEY REFERENCES persons(id),
  email         TEXT NOT NULL,
  phone         TEXT NOT NULL,
  password_hash TEXT NOT NULL,                -- Argon2id PHC string
  channel       TEXT NOT NULL CHECK (channel IN ('activation-code', 'one-step')),
  kiosk_id      TEXT,
  created_at    INTEGER NOT NULL
) STRICT;

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

CREATE TABLE audit_events (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,                     -- ISO 8601 UTC (Decreto 9: traceability)
  kiosk_id TEXT,
  run      TEXT,
  event    TEXT NOT NULL,
  outcome  TEXT NOT NULL,
  detail   TEXT                               -- JSON, never secrets
) STRICT;

CREATE TABLE cards (
  serial      TEXT PRIMARY KEY,              -- "número de documento", upper-case
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  card_type   TEXT NOT NULL CHECK (card_type IN ('CEDULA', 'CEDULA_EXT')),
  issue_date  TEXT NOT NULL,
  expiry_date TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('valid', 'blocked'))
) STRICT;

CREATE TABLE fingerprint_enrolments (
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  finger_position INTEGER NOT NULL CHECK (finger_position BETWEEN 1 AND 10),
  enrolled_on     TEXT NOT NULL,
  PRIMARY KEY (person_id, finger_position)
) STRICT, WITHOUT ROWID;

CREATE TABLE fingerprint_templates (
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  finger_position INTEGER NOT NULL CHECK (finger_position BETWEEN 1 AND 10),
  record          BLOB NOT NULL,             -- ISO/IEC 19794-2:2005 finger minutiae record
  quality         INTEGER NOT NULL,
  enrolled_on     TEXT NOT NULL,
  PRIMARY KEY (person_id, finger_position)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE kiosk_audit_events (
  id          INTEGER PRIMARY KEY,
  kiosk_id    TEXT NOT NULL,
  event_id    TEXT NOT NULL,                 -- the kiosk's id for the record: a resent batch is stored once
  at          TEXT NOT NULL,                 -- ISO 8601 UTC, as the kiosk recorded it
  type        TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  detail      TEXT,                          -- JSON, never secrets
  received_at INTEGER NOT NULL, run TEXT,
  UNIQUE (kiosk_id, event_id)
) STRICT;

CREATE TABLE kiosk_certificates (
  serial            TEXT PRIMARY KEY,        -- lowercase hex, no leading zeros
  kiosk_id          TEXT NOT NULL,
  issued_at         INTEGER NOT NULL,
  not_after         INTEGER NOT NULL,
  revoked_at        INTEGER,
  revocation_reason TEXT CHECK (revocation_reason IN ('superseded', 'key_compromise', 'decommissioned', 'unspecified'))
) STRICT, WITHOUT ROWID;

CREATE TABLE kiosk_heartbeats (
  kiosk_id    TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL,
  version     TEXT NOT NULL,
  queue_depth INTEGER NOT NULL,
  devices     TEXT NOT NULL                  -- JSON: device name → status
) STRICT, WITHOUT ROWID;

CREATE TABLE kiosk_registration_tokens (
  token_hash TEXT PRIMARY KEY,               -- SHA-256 hex; the token itself is never stored
  kiosk_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  subject    TEXT,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE oidc_models (
  model       TEXT NOT NULL,
  id          TEXT NOT NULL,
  payload     TEXT NOT NULL,                  -- JSON as oidc-provider gives it
  grant_id    TEXT,
  uid         TEXT,
  user_code   TEXT,
  expires_at  INTEGER,                        -- epoch ms; NULL: no expiry
  consumed_at INTEGER,
  PRIMARY KEY (model, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE persons (
  id          INTEGER PRIMARY KEY,
  run         TEXT NOT NULL UNIQUE,          -- canonical '15234871-1': no dots, upper-case K
  given_names TEXT NOT NULL,                 -- JSON array
  surnames    TEXT NOT NULL,                 -- JSON array
  birth_date  TEXT NOT NULL,                 -- YYYY-MM-DD
  nationality TEXT NOT NULL,                 -- ISO 3166-1 alpha-3
  has_account INTEGER NOT NULL DEFAULT 0 CHECK (has_account IN (0, 1)),
  locked_at   INTEGER,                       -- epoch ms; NULL while not locked
  lock_reason TEXT
) STRICT;

CREATE TABLE rate_limit_events (
  bucket TEXT NOT NULL,
  at     INTEGER NOT NULL
) STRICT;

CREATE TABLE registry_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sign_in_failures (
  subject TEXT NOT NULL,                      -- 'account:<person id>' or 'address:<hmac>'
  at      INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_locks (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id),
  locked_at INTEGER NOT NULL,
  lifts_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_pending_second_factors (
  interaction_uid TEXT PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  code_hash       BLOB NOT NULL,
  expires_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE sign_in_second_factor (
  person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
  enabled_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_spent_challenges (
  challenge_hash BLOB PRIMARY KEY,
  expires_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE sign_in_unlock_codes (
  person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
  code_hash  BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE verification_failures (
  id        INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  kiosk_id  TEXT NOT NULL,
  at        INTEGER NOT NULL
) STRICT;

CREATE TABLE verification_tokens (
  token_hash      BLOB PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  kiosk_id        TEXT NOT NULL,
  finger_position INTEGER NOT NULL,
  issued_at       INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER,
  used_for        TEXT
, card_read INTEGER NOT NULL DEFAULT 1 CHECK (card_read IN (0, 1))) STRICT, WITHOUT ROWID;

CREATE INDEX activation_codes_by_person ON activation_codes(person_id);

CREATE INDEX audit_events_by_run ON audit_events(run);

CREATE INDEX cards_by_person ON cards(person_id);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);

CREATE INDEX kiosk_audit_events_by_run ON kiosk_audit_events(run);

CREATE INDEX kiosk_certificates_by_kiosk ON kiosk_certificates(kiosk_id);

CREATE INDEX oidc_models_by_expiry ON oidc_models(expires_at) WHERE expires_at IS NOT NULL;

CREATE INDEX oidc_models_by_grant ON oidc_models(grant_id) WHERE grant_id IS NOT NULL;

CREATE INDEX oidc_models_by_uid ON oidc_models(model, uid) WHERE uid IS NOT NULL;

CREATE INDEX oidc_models_by_user_code ON oidc_models(model, user_code) WHERE user_code IS NOT NULL;

CREATE INDEX rate_limit_events_by_bucket ON rate_limit_events(bucket, at);

CREATE INDEX sign_in_failures_by_subject ON sign_in_failures(subject, at);

CREATE INDEX verification_failures_by_person ON verification_failures(person_id, at);

CREATE INDEX verification_tokens_by_expiry ON verification_tokens(expires_at);