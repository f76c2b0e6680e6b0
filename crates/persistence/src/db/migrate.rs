//! Runs the embedded migrations and checks the data key's fingerprint, on a
//! connection of their own before any other connection exists.

use super::DatabaseError;
use crate::data_key::DataKey;
use crate::schema::settings;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub(crate) const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

const FINGERPRINT_KEY: &str = "data_key_fingerprint";

pub(crate) fn prepare(
    conn: &mut SqliteConnection,
    data_key: Option<&DataKey>,
) -> Result<(), DatabaseError> {
    let failed = |e: &dyn std::fmt::Display| DatabaseError::Migration(e.to_string());
    // WAL is a property of the file, so setting it once here covers every
    // later connection.
    conn.batch_execute("PRAGMA journal_mode = WAL;")
        .map_err(|e| failed(&e))?;
    conn.run_pending_migrations(MIGRATIONS)
        .map_err(|e| failed(&e))?;
    if let Some(key) = data_key {
        check_fingerprint(conn, key)?;
    }
    Ok(())
}

/// Records the key's fingerprint on first use; afterwards refuses any other
/// key, which would otherwise fail on every patient it reads.
fn check_fingerprint(conn: &mut SqliteConnection, key: &DataKey) -> Result<(), DatabaseError> {
    let given = key.fingerprint();
    let failed = |e: diesel::result::Error| DatabaseError::Migration(e.to_string());
    let stored: Option<String> = settings::table
        .find(FINGERPRINT_KEY)
        .select(settings::value)
        .first(conn)
        .optional()
        .map_err(failed)?;
    match stored {
        Some(expected) if expected != given => {
            Err(DatabaseError::DataKeyMismatch { given, expected })
        }
        Some(_) => Ok(()),
        None => {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(FINGERPRINT_KEY),
                    settings::value.eq(&given),
                ))
                .execute(conn)
                .map_err(failed)?;
            Ok(())
        }
    }
}
