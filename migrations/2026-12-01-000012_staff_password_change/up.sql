-- A staff member whose password was given to them (the demo admin's one-time
-- password printed at first start) must choose their own before anything else.
ALTER TABLE staff_users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0;
