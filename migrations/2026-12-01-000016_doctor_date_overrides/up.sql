-- Dates on which a doctor works other hours than their weekday's, or none
-- (closed: an override without hour rows). local_date is the doctor's own
-- "YYYY-MM-DD"; the hours are minutes after local midnight, as doctor_hours.
CREATE TABLE doctor_date_overrides (
    id INTEGER PRIMARY KEY NOT NULL,
    doctor_id BIGINT NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    local_date TEXT NOT NULL CHECK (length(local_date) = 10),
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX doctor_date_overrides_one_per_date
    ON doctor_date_overrides (doctor_id, local_date);

CREATE TABLE doctor_override_hours (
    id INTEGER PRIMARY KEY NOT NULL,
    override_id BIGINT NOT NULL REFERENCES doctor_date_overrides (id) ON DELETE CASCADE,
    start_minute INTEGER NOT NULL CHECK (start_minute >= 0),
    end_minute INTEGER NOT NULL CHECK (end_minute <= 1440),
    CHECK (start_minute < end_minute)
);
CREATE INDEX doctor_override_hours_by_override ON doctor_override_hours (override_id);
