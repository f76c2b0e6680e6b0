DROP INDEX outbox_jobs_by_state_kind;
DROP INDEX audit_log_by_action;
DROP INDEX audit_log_by_actor;
ALTER TABLE patients DROP COLUMN deactivated_at;
