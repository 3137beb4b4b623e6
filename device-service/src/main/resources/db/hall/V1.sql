-- The event log: append-only, hash-chained. Never updated, never deleted.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  -- A random UUID: unique by construction, and a unique index on it would scatter every commit's writes.
  id        TEXT NOT NULL,
  type      TEXT NOT NULL,
  at        TEXT NOT NULL,
  day       TEXT NOT NULL,
  data      TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

-- The current catalogue as applied, without PINs.
CREATE TABLE catalog (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  json       TEXT NOT NULL,
  digest     TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Salted slow PIN hashes, kept apart from the catalogue so the catalogue can be shown and synced.
CREATE TABLE officers (
  id       TEXT PRIMARY KEY,
  pin_hash TEXT NOT NULL
);

CREATE TABLE counters (
  id           TEXT PRIMARY KEY,
  state        TEXT NOT NULL DEFAULT 'closed',
  reason       TEXT,
  officer      TEXT,
  token_hash   TEXT,
  ticket       TEXT,
  priority_run INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT
);

-- pos is the queue order: assigned once at issue, kept through transfers, never derived from a clock.
CREATE TABLE tickets (
  pos             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  day             TEXT NOT NULL,
  service         TEXT NOT NULL,
  origin_service  TEXT NOT NULL,
  number          INTEGER NOT NULL,
  label           TEXT NOT NULL,
  channel         TEXT NOT NULL,
  priority        TEXT NOT NULL,
  rank            INTEGER NOT NULL,
  state           TEXT NOT NULL,
  request_id      TEXT UNIQUE,
  target_counter  TEXT,
  counter         TEXT,
  officer         TEXT,
  recalls         INTEGER NOT NULL DEFAULT 0,
  appointment     TEXT,
  issued_at       TEXT NOT NULL,
  called_at       TEXT,
  started_at      TEXT,
  finished_at     TEXT,
  wait_seconds    INTEGER,
  service_seconds INTEGER,
  outcome         TEXT,
  missing         TEXT,
  note            TEXT,
  UNIQUE (day, origin_service, number)
);
-- Covers "how many are ahead of me" (run on every issue) and the next-ticket search without reading rows.
CREATE INDEX tickets_queue ON tickets (day, state, service, target_counter, rank, pos);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
