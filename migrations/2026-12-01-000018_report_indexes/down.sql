DROP INDEX refunds_by_at;
DROP INDEX payments_by_paid_date;
DROP INDEX appointments_by_start;
