-- Station console (design §11): cases folded from the halls' case.* events, and the indexes the console's
-- per-hall-per-day figures read through (a year of 50 halls stays an index range per hall and day).

-- Each case as of the latest pulled case event: open → called-back → resolved | dismissed; overdue as flags.
CREATE TABLE IF NOT EXISTS qms_cases (
  hall             text NOT NULL,
  id               text NOT NULL,
  kind             text NOT NULL,
  ticket           text,
  number           text,
  service          text,
  counter          text,
  officer          text,
  level            smallint,
  reasons          jsonb NOT NULL DEFAULT '[]',
  opened_at        timestamptz NOT NULL,
  day              date NOT NULL,
  callback_due     timestamptz,
  resolve_due      timestamptz,
  state            text NOT NULL,
  called_back_at   timestamptz,
  closed_at        timestamptz,
  reply            text,
  note             text,
  dismiss_reason   text,
  callback_overdue boolean NOT NULL DEFAULT false,
  resolve_overdue  boolean NOT NULL DEFAULT false,
  last_seq         bigint NOT NULL,
  PRIMARY KEY (hall, id)
);
-- Cases still to handle, per hall (halls() counts them, cases() lists them first).
CREATE INDEX IF NOT EXISTS qms_cases_open ON qms_cases (hall, resolve_due) WHERE state IN ('open', 'called-back');
CREATE INDEX IF NOT EXISTS qms_cases_day ON qms_cases (hall, day);

-- A hall's day of ratings (qms_ratings_officer leads with the officer, useless for a whole day).
CREATE INDEX IF NOT EXISTS qms_ratings_day ON qms_ratings (hall, day);
-- Alarms still raised, per hall.
CREATE INDEX IF NOT EXISTS qms_alarms_open ON qms_alarms (hall) WHERE cleared_at IS NULL;
