-- A deactivated staff account keeps its row (the audit trail names it) but
-- cannot log in; NULL while the account is active.
ALTER TABLE staff_users ADD COLUMN deactivated_at BIGINT;
-- A doctor profile belongs to at most one staff account.
CREATE UNIQUE INDEX staff_users_one_per_doctor ON staff_users (doctor_id) WHERE doctor_id IS NOT NULL;
