-- Devices as last reported on their presence topic; changes are also events.
CREATE TABLE devices (
  id         TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  kind       TEXT,
  fw         TEXT,
  changed_at TEXT NOT NULL
);

-- The first answer to each accepted device message, so a repeated message id gets it again.
CREATE TABLE device_acks (
  device TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  ack    TEXT NOT NULL,
  PRIMARY KEY (device, msg_id)
) WITHOUT ROWID;

CREATE TABLE rating_sessions (
  id           TEXT PRIMARY KEY,
  device       TEXT NOT NULL,
  counter      TEXT NOT NULL,
  ticket       TEXT NOT NULL,
  number       TEXT NOT NULL,
  service      TEXT NOT NULL,
  officer      TEXT,
  state        TEXT NOT NULL,
  result       TEXT,
  opened_at    TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX rating_sessions_open ON rating_sessions (device, state);

-- One rating per served ticket, bound to ticket, service, counter and officer.
CREATE TABLE ratings (
  ticket   TEXT PRIMARY KEY,
  session  TEXT NOT NULL UNIQUE,
  day      TEXT NOT NULL,
  service  TEXT NOT NULL,
  counter  TEXT NOT NULL,
  officer  TEXT,
  device   TEXT NOT NULL,
  level    INTEGER NOT NULL,
  reasons  TEXT NOT NULL,
  at       TEXT NOT NULL
);
CREATE INDEX ratings_day ON ratings (day, level);
