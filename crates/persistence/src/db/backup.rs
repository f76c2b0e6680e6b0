//! Consistent online backups: `VACUUM INTO` a new file, then check the copy
//! before it is kept.

use super::connection::{database_url, establish};
use super::{Database, DatabaseError};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::SqliteConnection;
use std::panic::resume_unwind;
use std::path::Path;

#[derive(QueryableByName)]
struct IntegrityLine {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl Database {
    /// Writes a consistent snapshot of the live database to `target` (which
    /// must not exist yet) while reads and writes go on, then opens the copy
    /// and runs `integrity_check` and `foreign_key_check`. A copy that fails
    /// is deleted. The data key is not in the copy: keep it beside the copy.
    pub async fn backup_to(&self, target: &Path) -> Result<(), DatabaseError> {
        let source = self.inner.path.clone();
        let settings = self.inner.settings;
        let target = target.to_path_buf();
        let task = tokio::task::spawn_blocking(move || {
            let failed = |reason: String| DatabaseError::Backup {
                path: target.clone(),
                reason,
            };
            if target.exists() {
                return Err(failed("the file already exists".into()));
            }
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| failed(e.to_string()))?;
            }
            let target_url = database_url(&target)?;
            // A connection of its own: pooled readers are query-only, which
            // SQLite applies to VACUUM INTO as well.
            let copied = establish(&source, settings).and_then(|mut conn| {
                diesel::sql_query("VACUUM INTO ?")
                    .bind::<Text, _>(&target_url)
                    .execute(&mut conn)
                    .map_err(|e| failed(e.to_string()))
            });
            let checked = copied.and_then(|_| verify(&target_url).map_err(failed));
            if checked.is_err() && target.exists() {
                // Never leave a copy behind that could be mistaken for a good one.
                let _ = std::fs::remove_file(&target);
            }
            checked
        });
        match task.await {
            Ok(result) => result,
            Err(e) if e.is_panic() => resume_unwind(e.into_panic()),
            Err(e) => Err(DatabaseError::Backup {
                path: self.inner.path.clone(),
                reason: e.to_string(),
            }),
        }
    }
}

fn verify(url: &str) -> Result<(), String> {
    let mut conn = SqliteConnection::establish(url).map_err(|e| e.to_string())?;
    let lines: Vec<IntegrityLine> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    let report: Vec<String> = lines.into_iter().map(|l| l.integrity_check).collect();
    if report != ["ok"] {
        return Err(format!("integrity_check: {}", report.join("; ")));
    }
    let broken = diesel::sql_query("SELECT count(*) AS n FROM pragma_foreign_key_check")
        .get_result::<Count>(&mut conn)
        .map_err(|e| e.to_string())?;
    if broken.n != 0 {
        return Err(format!(
            "foreign_key_check: {} rows break a reference",
            broken.n
        ));
    }
    Ok(())
}
