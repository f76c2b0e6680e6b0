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

#[test]
fn the_job_migration_keeps_every_job_and_fills_in_what_it_can() {
    use diesel_migrations::MigrationHarness;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = SqliteConnection::establish(&path.display().to_string()).unwrap();
    // The schema as it was before jobs carried subjects (8 migrations).
    for _ in 0..8 {
        conn.run_next_migration(super::migrate::MIGRATIONS).unwrap();
    }
    conn.batch_execute(
        "INSERT INTO patients (id, name, email, email_normalized, phone, medical_history, \
           record_key, password_hash, created_at) VALUES (1, 'P', 'p@x.org', 'p@x.org', '1', 'v1:x', 'rk', 'h', 0);
         INSERT INTO doctors (id, name, specialty, fee_minor, fee_currency, timezone, slot_minutes, created_at) \
           VALUES (1, 'Dr', 'GP', 100, 'BDT', 'UTC', 30, 0);
         INSERT INTO appointments (id, patient_id, doctor_name, appointment_date, appointment_time, reason, \
           status, zoom_link, amount, currency, doctor_id, starts_at, ends_at, created_at, updated_at) \
           VALUES (7, 1, 'Dr', '2026-01-01', '09:00', 'Fever again', 'confirmed', \
           'https://meet.jit.si/Consulta-06edd60234a7d1ced99da72061f65700', 100, 'BDT', 1, 100, 200, 0, 0);
         INSERT INTO outbox_jobs (id, kind, appointment_id, state, attempts, run_at, last_error, created_at, updated_at) VALUES
           (1, 'create_meeting', 7, 'done', 0, 0, NULL, 0, 0),
           (2, 'send_confirmation', 7, 'done', 2, 0, 'smtp down', 0, 0),
           (3, 'send_rescheduled', 7, 'pending', 0, 50, NULL, 0, 0),
           (4, 'send_cancellation', 7, 'dead', 8, 60, 'refused', 0, 0);",
    )
    .unwrap();
    conn.run_pending_migrations(super::migrate::MIGRATIONS)
        .unwrap();

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
        #[diesel(sql_type = Text)]
        kind: String,
        #[diesel(sql_type = Text)]
        state: String,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        attempts: i32,
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        dedupe_key: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        last_error: Option<String>,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT id, kind, state, attempts, dedupe_key, last_error FROM outbox_jobs ORDER BY id",
    )
    .load(&mut conn)
    .unwrap();
    type Summary<'a> = (i64, &'a str, &'a str, i32, Option<&'a str>, Option<&'a str>);
    let summary: Vec<Summary> = rows
        .iter()
        .map(|r| {
            (
                r.id,
                r.kind.as_str(),
                r.state.as_str(),
                r.attempts,
                r.dedupe_key.as_deref(),
                r.last_error.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, "create_meeting", "done", 0, Some("appointment:7"), None),
            (
                2,
                "send_confirmation",
                "done",
                2,
                Some("appointment:7"),
                Some("smtp down")
            ),
            (3, "send_rescheduled", "pending", 0, None, None),
            (
                4,
                "send_cancellation",
                "dead",
                8,
                Some("appointment:7"),
                Some("refused")
            ),
        ]
    );

    #[derive(QueryableByName)]
    struct Meeting {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        meeting_id: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        confirmation_sent: Option<String>,
    }
    let appointment: Meeting =
        diesel::sql_query("SELECT meeting_id, confirmation_sent FROM appointments WHERE id = 7")
            .get_result(&mut conn)
            .unwrap();
    assert_eq!(
        appointment.meeting_id.as_deref(),
        Some("Consulta-06edd60234a7d1ced99da72061f65700"),
        "the Jitsi room becomes the meeting id"
    );
    assert_eq!(appointment.confirmation_sent.as_deref(), Some("with_link"));
}
