-- The original plan's appointments table, its columns kept, plus the instants
-- the schedule works with. appointment_date / appointment_time are the
-- doctor's local date and time, for people and reports; starts_at / ends_at
-- (Unix seconds UTC) are what queries and constraints use.
CREATE TABLE appointments (
    id INTEGER PRIMARY KEY NOT NULL,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    doctor_name TEXT NOT NULL,
    appointment_date TEXT NOT NULL,
    appointment_time TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('pending_payment', 'confirmed', 'completed', 'no_show', 'expired', 'cancelled')),
    zoom_link TEXT,
    payment_status TEXT NOT NULL DEFAULT 'unpaid' CHECK (payment_status IN
        ('unpaid', 'pending', 'paid', 'failed', 'refunded', 'partially_refunded')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    doctor_id BIGINT NOT NULL REFERENCES doctors (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    hold_until BIGINT,
    cancelled_by TEXT,
    cancel_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);

-- No double booking, by construction: one active appointment per doctor and start.
CREATE UNIQUE INDEX appointments_one_active_per_slot ON appointments (doctor_id, starts_at)
    WHERE status IN ('pending_payment', 'confirmed');
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_by_doctor ON appointments (doctor_id, starts_at);

CREATE TABLE appointment_history (
    id INTEGER PRIMARY KEY NOT NULL,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    at BIGINT NOT NULL,
    old_starts_at BIGINT,
    new_starts_at BIGINT,
    old_status TEXT,
    new_status TEXT,
    by_kind TEXT NOT NULL,
    note TEXT
);
CREATE INDEX appointment_history_by_appointment ON appointment_history (appointment_id, at);
