-- The audit trail of sensitive actions. Append-only: the triggers refuse any
-- change or removal, whoever asks.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    actor_kind TEXT CHECK (actor_kind IN ('patient', 'staff')),
    actor_id BIGINT,
    action TEXT NOT NULL,
    subject TEXT,
    client TEXT,
    CHECK ((actor_kind IS NULL) = (actor_id IS NULL))
);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE INDEX audit_log_by_subject ON audit_log (subject, at);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
