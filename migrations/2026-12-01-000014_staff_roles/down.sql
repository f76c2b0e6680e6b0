DROP INDEX staff_users_one_per_doctor;
ALTER TABLE staff_users DROP COLUMN deactivated_at;
