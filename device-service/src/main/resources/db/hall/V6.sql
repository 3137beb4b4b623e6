-- Device trust (MQTT contract v1.1): each device's broker secret, only as Mosquitto's salted $7$ PBKDF2-SHA512
-- hash, so one stored hash serves the embedded broker and an external Mosquitto's password_file.
CREATE TABLE device_secrets (
  device TEXT PRIMARY KEY,
  hash   TEXT NOT NULL,
  set_at TEXT NOT NULL
) WITHOUT ROWID
