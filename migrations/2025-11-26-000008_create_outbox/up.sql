-- The outbox: side effects (meetings, mails, hold expiry) as job rows written
-- in the same transaction as the change that causes them, run by a worker
-- that leases a job (locked_until) so two workers never run it at once.
-- kind is free text on purpose: a new kind needs no migration (SQLite cannot
-- alter a CHECK); the store refuses a kind it does not know when reading.
CREATE TABLE outbox_jobs (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
    -- Attempts that have finished (failed); a running attempt is not counted.
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- claim(): the oldest due pending job.
CREATE INDEX outbox_jobs_due ON outbox_jobs (state, run_at);
CREATE INDEX outbox_jobs_by_appointment ON outbox_jobs (appointment_id);

-- Mails already handed to the transport, by their stable Message-ID, so that
-- at-least-once delivery of a job never mails twice.
CREATE TABLE sent_mails (
    message_id TEXT PRIMARY KEY NOT NULL,
    sent_at BIGINT NOT NULL
);
