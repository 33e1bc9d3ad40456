/**
 * The sandbox as a ClaveÚnica OpenID Connect provider (central/oidc).
 *
 * oidc_models is oidc-provider's storage (its adapter interface): one row per
 * stored model (Session, Interaction, AuthorizationCode, AccessToken, Grant …),
 * the payload as JSON, with the secondary keys the adapter looks up by
 * (grant, session uid, user code) as columns, and an expiry so the hourly
 * purge can delete what has lapsed.
 *
 * The sign-in rules (domain/sign-in.ts): failed attempts by account and by
 * client address (the address only as an HMAC, never in clear), the account's
 * sign-in lock (separate from the fingerprint lock in persons.locked_at: a
 * lock at the kiosk must not stop a web sign-in nor the reverse), e-mailed
 * unlock codes (HMAC only), and proof-of-work challenges already spent.
 *
 * Decreto 9 art. 15: an account may opt in to a second factor, a code
 * e-mailed at each sign-in (sign_in_second_factor); the code waiting for
 * one interaction is kept as an HMAC with its expiry and tries.
 */
export default {
  version: 8,
  name: '0008-openid-provider',
  sql: /* sql */ `
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
CREATE INDEX oidc_models_by_grant ON oidc_models(grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_models_by_uid ON oidc_models(model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_models_by_user_code ON oidc_models(model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_models_by_expiry ON oidc_models(expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE sign_in_failures (
  subject TEXT NOT NULL,                      -- 'account:<person id>' or 'address:<hmac>'
  at      INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_subject ON sign_in_failures(subject, at);

CREATE TABLE sign_in_locks (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id),
  locked_at INTEGER NOT NULL,
  lifts_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_unlock_codes (
  person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
  code_hash  BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sign_in_second_factor (
  person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
  enabled_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_pending_second_factors (
  interaction_uid TEXT PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  code_hash       BLOB NOT NULL,
  expires_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE sign_in_spent_challenges (
  challenge_hash BLOB PRIMARY KEY,
  expires_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`,
} as const;
