-- Payments through a provider, the events that moved them, refunds and
-- invoices. The plan's payments columns keep their meaning: payment_method
-- is the provider ('stripe', 'razorpay', 'bkash', 'simulated'),
-- transaction_id the provider's id of the money movement (what refunds
-- need), payment_date the instant it was paid, amount / currency what was
-- asked (the fee at booking), status the payment state machine's stored name.
-- Only columns are added, so no rebuild is needed and every row is kept.
ALTER TABLE payments ADD COLUMN provider_ref TEXT;
-- Why admins must look at it (an amount that differs from what was asked,
-- a reconciliation that could not settle it); NULL when nothing is wrong.
ALTER TABLE payments ADD COLUMN flagged_reason TEXT;
ALTER TABLE payments ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE payments SET updated_at = created_at;

-- A double click never opens two checkouts: one open payment per appointment.
CREATE UNIQUE INDEX payments_one_open_per_appointment ON payments (appointment_id)
    WHERE status IN ('created', 'pending');
-- A provider's checkout belongs to one payment; webhooks find it by this.
CREATE UNIQUE INDEX payments_by_provider_ref ON payments (payment_method, provider_ref)
    WHERE provider_ref IS NOT NULL;
-- Reconciliation looks for payments pending too long.
CREATE INDEX payments_by_status ON payments (status, updated_at);

-- Every accepted provider event, by the provider's own id: the same event
-- delivered again finds its row and changes nothing.
CREATE TABLE payment_events (
    id INTEGER PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    payment_id BIGINT REFERENCES payments (id),
    kind TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (provider, event_id)
);

-- Completed refunds; their sum never exceeds the amount paid (checked in the
-- write that adds one, by the payment state machine).
CREATE TABLE refunds (
    id INTEGER PRIMARY KEY NOT NULL,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    refund_ref TEXT NOT NULL UNIQUE,
    amount BIGINT NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    reason TEXT NOT NULL,
    by_kind TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX refunds_by_payment ON refunds (payment_id);

-- The last invoice sequence issued per year: taken and raised in the
-- transaction of the Paid transition, so numbers are gap-free per year.
CREATE TABLE invoice_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0)
);

-- An invoice is issued once per payment and never changes: its facts are
-- copied at issue, so a later rename or move does not rewrite it.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence > 0),
    payment_id BIGINT NOT NULL UNIQUE REFERENCES payments (id),
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    patient_name TEXT NOT NULL,
    doctor_name TEXT NOT NULL,
    consultation_starts_at BIGINT NOT NULL,
    consultation_date TEXT NOT NULL,
    consultation_time TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    provider TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    paid_at BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    UNIQUE (year, sequence)
);
CREATE INDEX invoices_by_patient ON invoices (patient_id, issued_at);
