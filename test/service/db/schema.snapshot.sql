CREATE TABLE heartbeat_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sessions_counted_to INTEGER NOT NULL DEFAULT 0,
      directive TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;

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

CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      mode TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      outcome TEXT
    ) STRICT;

CREATE TABLE technician_pin_guard (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
      locked_until INTEGER,
      updated_at INTEGER NOT NULL
    , lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0)) STRICT;

CREATE INDEX outbox_stream_order ON outbox (state, stream, id);