//! Per-connection SQLite settings, applied to the writer, the migration
//! connection and (through `CustomizeConnection`) every pooled reader.

use super::{DatabaseError, Synchronous};
use diesel::connection::SimpleConnection;
use diesel::r2d2::CustomizeConnection;
use diesel::{Connection, SqliteConnection};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionSettings {
    pub(crate) busy_timeout: Duration,
    pub(crate) synchronous: Synchronous,
}

impl ConnectionSettings {
    /// foreign_keys is per connection and off by default: forgetting it
    /// silently disables every REFERENCES clause, so it is set here, always.
    fn pragmas(&self) -> String {
        format!(
            "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {};",
            self.busy_timeout.as_millis(),
            self.synchronous.pragma_value()
        )
    }

    pub(crate) fn apply(&self, conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
        conn.batch_execute(&self.pragmas())
    }
}

/// A connection of our own (not from the pool) with the standard settings.
pub(crate) fn establish(
    path: &Path,
    settings: ConnectionSettings,
) -> Result<SqliteConnection, DatabaseError> {
    let failed = |reason: String| DatabaseError::Open {
        path: path.to_path_buf(),
        reason,
    };
    let mut conn =
        SqliteConnection::establish(&database_url(path)?).map_err(|e| failed(e.to_string()))?;
    settings
        .apply(&mut conn)
        .map_err(|e| failed(e.to_string()))?;
    Ok(conn)
}

pub(crate) fn database_url(path: &Path) -> Result<String, DatabaseError> {
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| DatabaseError::Open {
            path: path.to_path_buf(),
            reason: "the path is not valid UTF-8".into(),
        })
}

/// Sets up pooled read connections. They are also made query-only, so a
/// write that bypasses the single writer fails loudly instead of racing it.
#[derive(Debug)]
pub(crate) struct ReaderSetup(pub(crate) ConnectionSettings);

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for ReaderSetup {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        self.0
            .apply(conn)
            .and_then(|()| conn.batch_execute("PRAGMA query_only = ON;"))
            .map_err(diesel::r2d2::Error::QueryError)
    }
}
