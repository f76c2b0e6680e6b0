//! Medical history at rest: encrypted, bound to its row, and only readable
//! with the key the database was first opened with.

use crate::support::{at, hash, patient, test_db};
use consulta_domain::model::StaffId;
use consulta_domain::ports::StoreError;
use consulta_persistence::{DataKey, Database, DatabaseError, DatabaseOptions, SqliteStore};
use diesel::prelude::*;

const SECRET: &str = "Penicillin allergy ZEBRA-7731";

fn files_contain(dir: &std::path::Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().any(|entry| {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[tokio::test]
async fn the_database_files_hold_no_plaintext_medical_history() {
    let t = test_db();
    t.ports
        .accounts
        .create_patient(
            patient("Findable Name", "a@example.com", SECRET),
            hash("a"),
            at("2026-02-01T08:00:00Z"),
        )
        .await
        .unwrap();
    let data_dir = t.path.parent().unwrap();
    assert!(
        files_contain(data_dir, "Findable Name"),
        "the scan sees stored text"
    );
    assert!(
        !files_contain(data_dir, "ZEBRA-7731"),
        "medical history stored in plaintext"
    );
    assert!(
        !files_contain(data_dir, "Penicillin"),
        "medical history stored in plaintext"
    );
}

#[tokio::test]
async fn a_ciphertext_copied_to_another_patient_does_not_decrypt() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    let victim = accounts
        .create_patient(patient("V", "v@example.com", SECRET), hash("v"), now)
        .await
        .unwrap();
    let thief = accounts
        .create_patient(patient("T", "t@example.com", "nothing"), hash("t"), now)
        .await
        .unwrap();
    diesel::sql_query(format!(
        "UPDATE patients SET medical_history = \
         (SELECT medical_history FROM patients WHERE id = {victim}) WHERE id = {thief}"
    ))
    .execute(&mut t.raw())
    .unwrap();

    let read = accounts.patient(thief).await;
    assert!(matches!(read, Err(StoreError::Unexpected(_))), "{read:?}");
    let viewed = accounts
        .view_patient_as_staff(thief, StaffId::new(1), now)
        .await;
    assert!(
        matches!(viewed, Err(StoreError::Unexpected(_))),
        "{viewed:?}"
    );
    let victim_record = accounts.patient(victim).await.unwrap().unwrap();
    assert_eq!(victim_record.medical_history.as_str(), SECRET);
}

#[tokio::test]
async fn a_database_refuses_a_key_other_than_its_own() {
    let t = test_db();
    let other = DataKey::generate();
    let refused = Database::open(&t.path, DatabaseOptions::with_data_key(other.clone()));
    match refused {
        Err(error @ DatabaseError::DataKeyMismatch { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("CONSULTA_DATA_KEY does not match"),
                "{message}"
            );
            assert!(message.contains(&other.fingerprint()), "{message}");
            assert!(message.contains(&t.key.fingerprint()), "{message}");
        }
        other => panic!("expected a key mismatch, got {other:?}"),
    }
    let same = Database::open(&t.path, DatabaseOptions::with_data_key(t.key.clone()));
    assert!(same.is_ok(), "{same:?}");
}

#[tokio::test]
async fn without_a_key_the_database_opens_but_gives_no_patient_store() {
    let t = test_db();
    let keyless = Database::open(&t.path, DatabaseOptions::default()).unwrap();
    keyless.ready().await.unwrap();
    assert!(matches!(
        SqliteStore::new(keyless),
        Err(DatabaseError::DataKeyMissing)
    ));
}
