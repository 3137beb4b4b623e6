-- Wrong officer PINs per police number and client address (issue 15). Kept here so a restart does not lift a
-- lock; keyed by address so one stranger locks an officer only for the stranger's own machine. Unknown police
-- numbers are counted the same way, so the answers do not tell which numbers exist.
CREATE TABLE pin_failures (
  officer      TEXT NOT NULL,
  address      TEXT NOT NULL,
  failures     INTEGER NOT NULL,
  -- wall-clock epoch milliseconds; 0 = not locked
  locked_until INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (officer, address)
);
CREATE INDEX pin_failures_updated ON pin_failures (updated_at)
