-- A deactivated patient cannot log in; their record and appointments stay.
-- NULL while the account is active.
ALTER TABLE patients ADD COLUMN deactivated_at BIGINT;

-- The audit log page filters by actor, by action and by whom it concerns,
-- newest first; each filter walks its own index.
CREATE INDEX audit_log_by_actor ON audit_log (actor_kind, actor_id, at);
CREATE INDEX audit_log_by_action ON audit_log (action, at);

-- The overview counts jobs by state and kind.
CREATE INDEX outbox_jobs_by_state_kind ON outbox_jobs (state, kind);
