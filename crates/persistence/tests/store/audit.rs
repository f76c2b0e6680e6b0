//! The audit trail, and the audited staff view of a patient's record.

use crate::support::{at, hash, patient, test_db};
use consulta_domain::model::{AccountRef, PatientId, StaffId};
use consulta_domain::ports::AuditEntry;

#[tokio::test]
async fn a_staff_view_of_a_patient_is_recorded_with_who_whose_and_when() {
    let t = test_db();
    let id = t
        .ports
        .accounts
        .create_patient(
            patient("P", "p@example.com", "Diabetes"),
            hash("p"),
            at("2026-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    let viewed_at = at("2026-01-02T09:30:00Z");
    let record = t
        .ports
        .accounts
        .view_patient_as_staff(id, StaffId::new(7), viewed_at)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.medical_history.as_str(), "Diabetes");
    let missing = t
        .ports
        .accounts
        .view_patient_as_staff(PatientId::new(404), StaffId::new(7), viewed_at)
        .await
        .unwrap();
    assert!(missing.is_none());

    let entries = t.ports.audit.recent(10, 0).await.unwrap();
    assert_eq!(entries.len(), 1, "one view, one entry: {entries:?}");
    let entry = &entries[0];
    assert_eq!(entry.action, "patient.viewed");
    assert_eq!(entry.actor, Some(AccountRef::Staff(StaffId::new(7))));
    assert_eq!(
        entry.subject.as_deref(),
        Some(format!("patient:{id}").as_str())
    );
    assert_eq!(entry.at, viewed_at);
}

#[tokio::test]
async fn recent_entries_come_newest_first_and_page() {
    let t = test_db();
    for (i, time) in [
        "2026-01-01T10:00:00Z",
        "2026-01-03T10:00:00Z",
        "2026-01-02T10:00:00Z",
    ]
    .into_iter()
    .enumerate()
    {
        t.ports
            .audit
            .record(AuditEntry {
                at: at(time),
                actor: None,
                action: format!("test.{i}"),
                subject: None,
                client: Some("127.0.0.1".into()),
            })
            .await
            .unwrap();
    }
    let actions =
        |entries: Vec<AuditEntry>| entries.into_iter().map(|e| e.action).collect::<Vec<_>>();
    assert_eq!(
        actions(t.ports.audit.recent(10, 0).await.unwrap()),
        ["test.1", "test.2", "test.0"]
    );
    assert_eq!(
        actions(t.ports.audit.recent(1, 1).await.unwrap()),
        ["test.2"]
    );
}
