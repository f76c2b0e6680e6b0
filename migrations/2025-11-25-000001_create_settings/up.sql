-- Facts about this database itself, e.g. the fingerprint of the key its
-- medical histories are encrypted with.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
