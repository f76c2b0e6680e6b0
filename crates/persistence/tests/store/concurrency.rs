//! Many writers at once, and backups taken while they write.

use crate::support::{at, hash, patient, test_db};
use consulta_persistence::{Database, DatabaseOptions, SqliteStore};
use jiff::SignedDuration;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_writers_all_succeed() {
    let t = test_db();
    let mut tasks = Vec::new();
    for writer in 0..20 {
        let accounts = t.ports.accounts.clone();
        let attempts = t.ports.attempts.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let email = format!("w{writer}-{i}@example.com");
                accounts
                    .create_patient(
                        patient("W", &email, "history"),
                        hash("w"),
                        at("2026-01-01T00:00:00Z"),
                    )
                    .await?;
                attempts
                    .record_attempt(
                        consulta_domain::ports::AttemptKind::LoginFailure,
                        Some(&email),
                        "10.0.0.1",
                        at("2026-01-01T00:00:00Z"),
                    )
                    .await?;
                accounts.search_patients(&email, 1, 0).await?;
            }
            Ok::<_, consulta_domain::ports::StoreError>(())
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let page = t.ports.accounts.search_patients("", 1, 0).await.unwrap();
    assert_eq!(page.total, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_writes_is_consistent_and_opens() {
    let t = test_db();
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let accounts = t.ports.accounts.clone();
        let stop = stop.clone();
        writers.push(tokio::spawn(async move {
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                let registered = at("2026-01-01T00:00:00Z") + SignedDuration::from_secs(written);
                accounts
                    .create_patient(
                        patient(
                            "B",
                            &format!("b{writer}-{written}@example.com"),
                            "secret history",
                        ),
                        hash("b"),
                        registered,
                    )
                    .await
                    .unwrap();
                written += 1;
            }
            written
        }));
    }
    let backups = t.dir.path().join("backups");
    for n in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        t.database()
            .backup_to(&backups.join(format!("copy-{n}.db")))
            .await
            .unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    for writer in writers {
        total += writer.await.unwrap();
    }

    let copy = backups.join("copy-2.db");
    let again = t.database().backup_to(&copy).await;
    assert!(again.is_err(), "an existing file is never overwritten");
    let restored = Database::open(&copy, DatabaseOptions::with_data_key(t.key.clone())).unwrap();
    let ports = SqliteStore::new(restored).unwrap().ports();
    let page = ports.accounts.search_patients("", 500, 0).await.unwrap();
    assert!(
        page.total > 0 && page.total < total,
        "copy {} of {total}",
        page.total
    );
    for summary in page.patients {
        let record = ports.accounts.patient(summary.id).await.unwrap().unwrap();
        assert_eq!(record.medical_history.as_str(), "secret history");
    }
}
