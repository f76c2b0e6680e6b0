-- Login sessions (only a hash of the cookie token) and the counters login
-- throttling reads; both in the database so they survive restarts and work
-- across web nodes.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_kind TEXT NOT NULL CHECK (account_kind IN ('patient', 'staff')),
    account_id BIGINT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_kind, account_id);

CREATE TABLE auth_attempts (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('login_failure', 'registration')),
    account_key TEXT,
    client TEXT NOT NULL,
    at BIGINT NOT NULL
);
-- One index per way the throttle counts: by account (and client), by client.
CREATE INDEX auth_attempts_by_account ON auth_attempts (kind, account_key, client, at);
CREATE INDEX auth_attempts_by_client ON auth_attempts (kind, client, at);
CREATE INDEX auth_attempts_by_age ON auth_attempts (at);
