ALTER TABLE staff_users DROP COLUMN must_change_password;
