-- The station's copy of its halls' event logs (PostgreSQL), written by `device-service.jar sync-pull`.
-- Tables live in the connection's current schema. Every statement is safe to run again.

-- One row per hall: how far it has been pulled and verified.
CREATE TABLE IF NOT EXISTS qms_halls (
  hall          text PRIMARY KEY,
  url           text NOT NULL,
  seq           bigint NOT NULL DEFAULT 0,
  hash          text NOT NULL,
  pulled_at     timestamptz,
  broken_seq    bigint,
  broken_reason text
);

-- The raw log, exactly as the hall hashed it: `at` and `data` are kept as the hall's text so any row can be
-- verified again (data_json is the same data for queries).
CREATE TABLE IF NOT EXISTS qms_events (
  hall      text NOT NULL,
  seq       bigint NOT NULL,
  id        text NOT NULL,
  type      text NOT NULL,
  at        text NOT NULL,
  day       date NOT NULL,
  data      text NOT NULL,
  data_json jsonb GENERATED ALWAYS AS (data::jsonb) STORED,
  prev_hash text NOT NULL,
  hash      text NOT NULL,
  PRIMARY KEY (hall, seq)
);
CREATE INDEX IF NOT EXISTS qms_events_type ON qms_events (hall, type, day);

-- Every ticket as of the latest pulled event.
CREATE TABLE IF NOT EXISTS qms_tickets (
  hall            text NOT NULL,
  id              text NOT NULL,
  day             date NOT NULL,
  number          text NOT NULL,
  origin_service  text NOT NULL,
  service         text NOT NULL,
  channel         text,
  priority        text,
  state           text NOT NULL,
  counter         text,
  officer         text,
  recalls         integer NOT NULL DEFAULT 0,
  issued_at       timestamptz NOT NULL,
  called_at       timestamptz,
  started_at      timestamptz,
  finished_at     timestamptz,
  outcome         text,
  missing         jsonb,
  service_seconds integer,
  last_seq        bigint NOT NULL,
  PRIMARY KEY (hall, id)
);
CREATE INDEX IF NOT EXISTS qms_tickets_day ON qms_tickets (hall, day, service);

-- One row per closed rating session: rated (level 1..5, reasons for 1-2) or not_rated (timeout, superseded).
CREATE TABLE IF NOT EXISTS qms_ratings (
  hall    text NOT NULL,
  seq     bigint NOT NULL,
  day     date NOT NULL,
  at      timestamptz NOT NULL,
  session text NOT NULL,
  ticket  text NOT NULL,
  number  text,
  service text NOT NULL,
  counter text NOT NULL,
  officer text,
  device  text NOT NULL,
  result  text NOT NULL,
  level   smallint,
  reasons jsonb,
  PRIMARY KEY (hall, seq)
);
CREATE INDEX IF NOT EXISTS qms_ratings_officer ON qms_ratings (hall, officer, day);

-- Devices coming and going (ready, lost) as the hall saw them.
CREATE TABLE IF NOT EXISTS qms_device_changes (
  hall   text NOT NULL,
  seq    bigint NOT NULL,
  at     timestamptz NOT NULL,
  device text NOT NULL,
  state  text NOT NULL,
  kind   text,
  fw     text,
  PRIMARY KEY (hall, seq)
);
