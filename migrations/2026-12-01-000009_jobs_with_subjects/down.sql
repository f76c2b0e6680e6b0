ALTER TABLE appointments DROP COLUMN version;
ALTER TABLE appointments DROP COLUMN confirmation_sent;
ALTER TABLE appointments DROP COLUMN meeting_id;

CREATE TABLE outbox_jobs_old (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO outbox_jobs_old
    SELECT id, kind, appointment_id,
        CASE state WHEN 'cancelled' THEN 'dead' ELSE state END,
        attempts, run_at, locked_until, last_error, created_at, updated_at
    FROM outbox_jobs WHERE appointment_id IS NOT NULL;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_old RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (state, run_at);
CREATE INDEX outbox_jobs_by_appointment ON outbox_jobs (appointment_id);
