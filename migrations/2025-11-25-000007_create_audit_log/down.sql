DROP TRIGGER audit_log_refuses_delete;
DROP TRIGGER audit_log_refuses_update;
DROP TABLE audit_log;
