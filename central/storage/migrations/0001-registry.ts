/**
 * The civil registry as the central API sees it: people, their cards and the
 * fingerprint templates enrolled when the card was issued. Names are JSON
 * arrays because Chilean names have two surnames and one or more given names.
 */
export default {
  version: 1,
  name: '0001-registry',
  sql: /* sql */ `
CREATE TABLE registry_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

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

CREATE TABLE cards (
  serial      TEXT PRIMARY KEY,              -- "número de documento", upper-case
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  card_type   TEXT NOT NULL CHECK (card_type IN ('CEDULA', 'CEDULA_EXT')),
  issue_date  TEXT NOT NULL,
  expiry_date TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('valid', 'blocked'))
) STRICT;
CREATE INDEX cards_by_person ON cards(person_id);

CREATE TABLE fingerprint_templates (
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  finger_position INTEGER NOT NULL CHECK (finger_position BETWEEN 1 AND 10),
  record          BLOB NOT NULL,             -- ISO/IEC 19794-2:2005 finger minutiae record
  quality         INTEGER NOT NULL,
  enrolled_on     TEXT NOT NULL,
  PRIMARY KEY (person_id, finger_position)
) STRICT, WITHOUT ROWID;
`,
} as const;
