DROP TABLE auth_attempts;
DROP TABLE sessions;
