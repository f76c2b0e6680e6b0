-- The admin reports and the appointment list's date filter read a range of
-- instants across all doctors: appointments by start, payments by the
-- instant they were paid, refunds by theirs.
CREATE INDEX appointments_by_start ON appointments (starts_at);
CREATE INDEX payments_by_paid_date ON payments (payment_date);
CREATE INDEX refunds_by_at ON refunds (at);
