-- Months of closed rating sessions pile up. An evaluator's latest session is read on every announcement,
-- and the open ones on every rating: both must not scan the history.
CREATE INDEX rating_sessions_latest ON rating_sessions (device);
CREATE INDEX rating_sessions_open_now ON rating_sessions (device) WHERE state = 'open';
DROP INDEX rating_sessions_open;
