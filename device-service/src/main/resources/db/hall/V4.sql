-- Appointments (预约) pushed by the station or entered by the admin. No ID numbers; the phone is masked.
CREATE TABLE appointments (
  code       TEXT PRIMARY KEY,
  day        TEXT NOT NULL,
  service    TEXT NOT NULL,
  slot_from  TEXT NOT NULL,
  slot_to    TEXT NOT NULL,
  phone      TEXT,
  -- booked → checked_in (on time, early or late by arrival) | missed | cancelled
  state      TEXT NOT NULL,
  arrival    TEXT,
  ticket     TEXT,
  source     TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX appointments_day ON appointments (day, state, service);

-- Why an incomplete finish could not be done (办不成事): a code from the catalogue's list.
ALTER TABLE tickets ADD COLUMN incomplete_reason TEXT;

-- Time-limit alarms (waiting target, service limit) and citizens' complaints; active while cleared_at is null.
CREATE TABLE alarms (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  day           TEXT NOT NULL,
  ticket        TEXT,
  number        TEXT,
  service       TEXT,
  counter       TEXT,
  officer       TEXT,
  reason        TEXT,
  limit_minutes INTEGER,
  raised_at     TEXT NOT NULL,
  cleared_at    TEXT,
  cleared_by    TEXT,
  request_id    TEXT UNIQUE
);
CREATE INDEX alarms_active ON alarms (cleared_at, kind, ticket);
CREATE INDEX alarms_day ON alarms (day, kind)
