-- Patients and staff log in on one page, so an email is unique across both
-- tables. account_emails holds every account's normalised email (trimmed,
-- lower-cased in Rust) under a primary key, and triggers keep it in step with
-- both tables so that it can never drift from them.
CREATE TABLE patients (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL,
    -- "v1:" + base64(nonce || AES-256-GCM ciphertext); never plaintext.
    medical_history TEXT NOT NULL,
    -- Random per-row id bound into the ciphertext as associated data.
    record_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    timezone TEXT,
    email_verified_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX patients_by_created_at ON patients (created_at);

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'doctor')),
    doctor_id BIGINT REFERENCES doctors (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE account_emails (
    email_normalized TEXT PRIMARY KEY NOT NULL,
    account_kind TEXT NOT NULL CHECK (account_kind IN ('patient', 'staff')),
    account_id BIGINT NOT NULL,
    UNIQUE (account_kind, account_id)
);

CREATE TRIGGER patients_email_inserted AFTER INSERT ON patients
BEGIN
    INSERT INTO account_emails (email_normalized, account_kind, account_id)
    VALUES (NEW.email_normalized, 'patient', NEW.id);
END;

CREATE TRIGGER patients_email_updated AFTER UPDATE OF id, email_normalized ON patients
BEGIN
    UPDATE account_emails
    SET email_normalized = NEW.email_normalized, account_id = NEW.id
    WHERE account_kind = 'patient' AND account_id = OLD.id;
END;

CREATE TRIGGER patients_email_deleted AFTER DELETE ON patients
BEGIN
    DELETE FROM account_emails WHERE account_kind = 'patient' AND account_id = OLD.id;
END;

CREATE TRIGGER staff_users_email_inserted AFTER INSERT ON staff_users
BEGIN
    INSERT INTO account_emails (email_normalized, account_kind, account_id)
    VALUES (NEW.email_normalized, 'staff', NEW.id);
END;

CREATE TRIGGER staff_users_email_updated AFTER UPDATE OF id, email_normalized ON staff_users
BEGIN
    UPDATE account_emails
    SET email_normalized = NEW.email_normalized, account_id = NEW.id
    WHERE account_kind = 'staff' AND account_id = OLD.id;
END;

CREATE TRIGGER staff_users_email_deleted AFTER DELETE ON staff_users
BEGIN
    DELETE FROM account_emails WHERE account_kind = 'staff' AND account_id = OLD.id;
END;
