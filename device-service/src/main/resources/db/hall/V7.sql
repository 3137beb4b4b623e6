-- Cases (issue 18, 件件有回音): every 差评 rating and 办不成事 complaint followed to its answer. Owned by the
-- cases package; each change is also a case.* event. The overdue flags say the sweep has already logged that
-- deadline, so a restart never logs it twice.
CREATE TABLE cases (
  id               TEXT PRIMARY KEY,
  day              TEXT NOT NULL,
  kind             TEXT NOT NULL,
  source           TEXT NOT NULL,
  ticket           TEXT,
  number           TEXT,
  service          TEXT,
  counter          TEXT,
  officer          TEXT,
  level            INTEGER,
  reasons          TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  callback_due     TEXT NOT NULL,
  resolve_due      TEXT NOT NULL,
  state            TEXT NOT NULL,
  called_back_at   TEXT,
  called_back_by   TEXT,
  closed_at        TEXT,
  closed_by        TEXT,
  reply            TEXT,
  note             TEXT,
  dismiss_reason   TEXT,
  callback_overdue INTEGER NOT NULL DEFAULT 0,
  resolve_overdue  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, source)
);
CREATE INDEX cases_state ON cases (state);
CREATE INDEX cases_ticket ON cases (ticket)
