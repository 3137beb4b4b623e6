-- The station console's people (design §11): who may log in, and their open sessions. Written by
-- `device-service.jar station-user add` and by the console's login; read by the console only.

-- A station admin sees every hall; a hall leader exactly one (hall is set iff role = hall-leader).
-- password: pbkdf2-sha256$ITERATIONS$SALT$HASH (base64), per-user random salt, never the password itself.
CREATE TABLE IF NOT EXISTS qms_console_users (
  name       text PRIMARY KEY,
  role       text NOT NULL CHECK (role IN ('station-admin', 'hall-leader')),
  hall       text,
  password   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'hall-leader') = (hall IS NOT NULL))
);

-- Only the SHA-256 of a session token is kept: a copy of this table logs no one in.
CREATE TABLE IF NOT EXISTS qms_console_sessions (
  token_hash text PRIMARY KEY,
  name       text NOT NULL REFERENCES qms_console_users(name) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS qms_console_sessions_expiry ON qms_console_sessions (expires_at);
