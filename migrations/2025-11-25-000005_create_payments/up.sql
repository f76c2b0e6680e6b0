-- The original plan's payments table; money in integer minor units plus currency.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY NOT NULL,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    payment_method TEXT NOT NULL,
    transaction_id TEXT,
    payment_date BIGINT,
    status TEXT NOT NULL CHECK (status IN
        ('created', 'pending', 'paid', 'failed', 'cancelled', 'refunded', 'partially_refunded')),
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_by_appointment ON payments (appointment_id);
-- A provider's transaction is recorded once.
CREATE UNIQUE INDEX payments_one_per_transaction ON payments (payment_method, transaction_id)
    WHERE transaction_id IS NOT NULL;
