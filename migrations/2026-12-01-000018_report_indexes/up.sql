-- The admin reports (and the appointment list's date filter) read a range of
-- instants across all doctors: appointments by start, payments by the instant
-- they were paid, refunds by theirs. Each index also holds the columns the
-- reports group and sum, so a report reads the index alone, never the rows.
CREATE INDEX appointments_by_start ON appointments (starts_at, status, doctor_id, ends_at);
CREATE INDEX payments_by_paid_date ON payments (payment_date, status, payment_method, currency, amount);
CREATE INDEX refunds_by_at ON refunds (at, payment_id, currency, amount);
