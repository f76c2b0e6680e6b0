DROP TABLE account_tokens;

CREATE TABLE auth_attempts_old (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('login_failure', 'registration')),
    account_key TEXT,
    client TEXT NOT NULL,
    at BIGINT NOT NULL
);
INSERT INTO auth_attempts_old (id, kind, account_key, client, at)
    SELECT id, kind, account_key, client, at FROM auth_attempts
    WHERE kind IN ('login_failure', 'registration');
DROP TABLE auth_attempts;
ALTER TABLE auth_attempts_old RENAME TO auth_attempts;
CREATE INDEX auth_attempts_by_account ON auth_attempts (kind, account_key, client, at);
CREATE INDEX auth_attempts_by_client ON auth_attempts (kind, client, at);
CREATE INDEX auth_attempts_by_age ON auth_attempts (at);
