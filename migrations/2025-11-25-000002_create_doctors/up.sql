-- Doctors and their weekly hours and time off. Instants are Unix seconds UTC;
-- working hours are minutes after local midnight in the doctor's time zone.
CREATE TABLE doctors (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    specialty TEXT NOT NULL,
    bio TEXT NOT NULL DEFAULT '',
    fee_minor BIGINT NOT NULL CHECK (fee_minor >= 0),
    fee_currency TEXT NOT NULL CHECK (length(fee_currency) = 3),
    timezone TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes > 0),
    buffer_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
    min_notice_minutes INTEGER NOT NULL DEFAULT 120 CHECK (min_notice_minutes >= 0),
    horizon_days INTEGER NOT NULL DEFAULT 60 CHECK (horizon_days > 0),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE doctor_hours (
    id INTEGER PRIMARY KEY NOT NULL,
    doctor_id BIGINT NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute >= 0),
    end_minute INTEGER NOT NULL CHECK (end_minute <= 1440),
    CHECK (start_minute < end_minute)
);
CREATE INDEX doctor_hours_by_doctor ON doctor_hours (doctor_id, weekday);

CREATE TABLE doctor_time_off (
    id INTEGER PRIMARY KEY NOT NULL,
    doctor_id BIGINT NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    CHECK (starts_at < ends_at)
);
CREATE INDEX doctor_time_off_by_doctor ON doctor_time_off (doctor_id, starts_at);
