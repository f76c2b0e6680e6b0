-- Jobs carry what they are about: an optional appointment, an optional
-- account (patient or staff), a small typed payload (text the domain parses
-- back), and an optional dedupe key unique per kind, so enqueuing the same
-- effect twice writes one job. 'cancelled' is an admin's choice.
-- SQLite cannot alter a CHECK or drop NOT NULL: the table is rebuilt, every
-- row kept.
CREATE TABLE outbox_jobs_new (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    appointment_id BIGINT REFERENCES appointments (id),
    patient_id BIGINT REFERENCES patients (id),
    staff_id BIGINT REFERENCES staff_users (id),
    payload TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'done', 'dead', 'cancelled')),
    -- Attempts that have finished (failed); a running attempt is not counted.
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (patient_id IS NULL OR staff_id IS NULL)
);

INSERT INTO outbox_jobs_new (id, kind, appointment_id, payload, dedupe_key, state,
        attempts, run_at, locked_until, last_error, created_at, updated_at)
    SELECT id, kind, appointment_id, '',
        CASE WHEN kind IN ('create_meeting', 'send_confirmation', 'send_cancellation', 'expire_hold')
            THEN 'appointment:' || appointment_id END,
        state, attempts, run_at, locked_until, last_error, created_at, updated_at
    FROM outbox_jobs;

DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_new RENAME TO outbox_jobs;

-- claim(): the earliest due pending jobs; done jobs never enter the index.
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE state = 'pending';
CREATE INDEX outbox_jobs_by_appointment ON outbox_jobs (appointment_id);
CREATE UNIQUE INDEX outbox_jobs_dedupe ON outbox_jobs (kind, dedupe_key)
    WHERE dedupe_key IS NOT NULL;

-- The meeting's id at the provider (to move or delete it), which confirmation
-- went out (with the video link or saying it will follow), and a version
-- raised by every write, so a job that decided on what it read applies its
-- write only if the row is still as it was.
ALTER TABLE appointments ADD COLUMN meeting_id TEXT;
ALTER TABLE appointments ADD COLUMN confirmation_sent TEXT
    CHECK (confirmation_sent IN ('with_link', 'without_link'));
ALTER TABLE appointments ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Rooms made so far are Jitsi rooms, named by the end of their link.
UPDATE appointments SET meeting_id = substr(zoom_link, instr(zoom_link, 'Consulta-'))
    WHERE zoom_link IS NOT NULL AND instr(zoom_link, 'Consulta-') > 0;
UPDATE appointments SET confirmation_sent = 'with_link'
    WHERE id IN (SELECT appointment_id FROM outbox_jobs
                 WHERE kind = 'send_confirmation' AND state = 'done');
