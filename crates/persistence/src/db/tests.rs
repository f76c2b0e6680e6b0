//! The connection settings every path relies on: foreign keys, WAL, query-only
//! readers, the append-only audit log, and a writer that survives a panic.

use super::*;
use diesel::prelude::*;
use diesel::sql_types::Text;

fn open() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(
        &dir.path().join("db/consulta.db"),
        DatabaseOptions::default(),
    )
    .unwrap();
    (dir, db)
}

#[derive(QueryableByName)]
struct Mode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[tokio::test]
async fn the_file_is_in_wal_mode_and_ready_answers() {
    let (_dir, db) = open();
    let mode = db
        .read(|c| Ok(diesel::sql_query("PRAGMA journal_mode").get_result::<Mode>(c)?))
        .await
        .unwrap();
    assert_eq!(mode.journal_mode, "wal");
    db.ready().await.unwrap();
}

#[tokio::test]
async fn foreign_keys_are_enforced_on_the_writer_connection() {
    let (_dir, db) = open();
    let result = db
        .write(|c| {
            Ok(diesel::sql_query(
                "INSERT INTO appointments (patient_id, doctor_name, appointment_date, \
                 appointment_time, reason, status, payment_status, amount, currency, doctor_id, \
                 starts_at, ends_at, created_at, updated_at) \
                 VALUES (999, 'Dr X', '2026-01-01', '09:00', 'r', 'confirmed', 'unpaid', 100, \
                 'BDT', 999, 10, 20, 1, 1)",
            )
            .execute(c)?)
        })
        .await;
    let error = result.expect_err("an appointment of no patient must be refused");
    assert!(error.to_string().contains("FOREIGN KEY"), "{error}");
}

#[tokio::test]
async fn pooled_readers_refuse_to_write() {
    let (_dir, db) = open();
    let result = db
        .read(|c| Ok(diesel::sql_query("INSERT INTO settings VALUES ('a', 'b')").execute(c)?))
        .await;
    assert!(result.is_err(), "a read connection wrote");
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let (_dir, db) = open();
    db.write(|c| {
        Ok(
            diesel::sql_query("INSERT INTO audit_log (at, action) VALUES (1, 'test.done')")
                .execute(c)?,
        )
    })
    .await
    .unwrap();
    for statement in [
        "UPDATE audit_log SET action = 'forged'",
        "DELETE FROM audit_log",
    ] {
        let result = db
            .write(move |c| Ok(diesel::sql_query(statement).execute(c)?))
            .await;
        let error = result.expect_err(statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
}

#[tokio::test]
async fn a_panicking_write_is_rolled_back_and_the_writer_keeps_working() {
    let (_dir, db) = open();
    let panicking = db.clone();
    let outcome = tokio::spawn(async move {
        panicking
            .write(|c| {
                diesel::sql_query("INSERT INTO settings VALUES ('half', 'done')").execute(c)?;
                panic!("bug in a repository");
                #[allow(unreachable_code)]
                Ok(())
            })
            .await
    })
    .await;
    assert!(
        outcome.unwrap_err().is_panic(),
        "the panic reaches the caller"
    );
    let count = db
        .write(|c| {
            diesel::sql_query("INSERT INTO settings VALUES ('after', 'panic')").execute(c)?;
            Ok(crate::schema::settings::table
                .count()
                .get_result::<i64>(c)?)
        })
        .await
        .unwrap();
    assert_eq!(
        count, 1,
        "the half-done write was rolled back, the next one committed"
    );
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[tokio::test]
async fn writes_queued_together_commit_together_and_fail_alone() {
    let (_dir, db) = open();
    let mut writes = Vec::new();
    for i in 0..200 {
        let db = db.clone();
        writes.push(tokio::spawn(async move {
            db.write(move |c| {
                diesel::sql_query(format!("INSERT INTO settings VALUES ('k{i}', 'v')"))
                    .execute(c)?;
                if i % 2 == 1 {
                    // A failure after its insert must roll back this write only.
                    return Err(StoreError::NotFound.into());
                }
                Ok(())
            })
            .await
        }));
    }
    let mut failed = 0;
    for write in writes {
        if write.await.unwrap().is_err() {
            failed += 1;
        }
    }
    assert_eq!(failed, 100, "each odd write fails, and only those");
    let stored = db
        .read(|c| {
            Ok(
                diesel::sql_query("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'k%'")
                    .get_result::<Count>(c)?,
            )
        })
        .await
        .unwrap();
    assert_eq!(stored.n, 100, "every even write committed, no odd one did");
}
