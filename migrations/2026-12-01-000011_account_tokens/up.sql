-- Single-use links mailed to an account (email verification, password
-- reset). Only a hash of each link's secret is kept; the id is drawn at
-- random by the application, which derives the secret from it with a
-- server key, so the job that mails a link can rebuild it later. A link
-- works only while the account keeps the address it was sent to.
CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'verify')),
    account_kind TEXT NOT NULL CHECK (account_kind IN ('patient', 'staff')),
    account_id BIGINT NOT NULL,
    email_normalized TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX account_tokens_by_account ON account_tokens (account_kind, account_id, purpose);

-- Reset requests and verification mails are throttled like logins.
CREATE TABLE auth_attempts_new (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('login_failure', 'registration', 'password_reset', 'verification_mail')),
    account_key TEXT,
    client TEXT NOT NULL,
    at BIGINT NOT NULL
);
INSERT INTO auth_attempts_new (id, kind, account_key, client, at)
    SELECT id, kind, account_key, client, at FROM auth_attempts;
DROP TABLE auth_attempts;
ALTER TABLE auth_attempts_new RENAME TO auth_attempts;
CREATE INDEX auth_attempts_by_account ON auth_attempts (kind, account_key, client, at);
CREATE INDEX auth_attempts_by_client ON auth_attempts (kind, client, at);
CREATE INDEX auth_attempts_by_age ON auth_attempts (at);
