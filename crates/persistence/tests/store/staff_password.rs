//! The one-time password mark on staff, and a patient's zone kept only when unset.

use crate::support::{at, email, hash, patient, test_db};
use consulta_domain::model::{AccountRef, PersonName, StaffId, TimeZoneName};
use consulta_domain::ports::StoreError;

#[tokio::test]
async fn a_given_password_is_marked_until_the_staff_member_changes_it() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    let (id, _) = accounts
        .upsert_admin(
            email("boss@clinic.org"),
            PersonName::parse("Administrator").unwrap(),
            hash("one-time"),
            now,
        )
        .await
        .unwrap();
    let fresh = accounts.staff_member(id).await.unwrap().unwrap();
    assert!(!fresh.must_change_password, "chosen by whoever created it");

    accounts.require_password_change(id).await.unwrap();
    assert!(
        accounts
            .staff_member(id)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );

    accounts
        .change_password(AccountRef::Staff(id), hash("my own"))
        .await
        .unwrap();
    assert!(
        !accounts
            .staff_member(id)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
    assert!(matches!(
        accounts.require_password_change(StaffId::new(999)).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn the_browsers_zone_is_kept_only_for_a_patient_without_one() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    let id = accounts
        .create_patient(patient("Rina", "rina@example.com", ""), hash("p"), now)
        .await
        .unwrap();
    let dhaka = TimeZoneName::parse("Asia/Dhaka").unwrap();
    let london = TimeZoneName::parse("Europe/London").unwrap();
    accounts
        .set_time_zone_if_unset(id, dhaka.clone())
        .await
        .unwrap();
    accounts.set_time_zone_if_unset(id, london).await.unwrap();
    assert_eq!(accounts.patient_time_zone(id).await.unwrap(), Some(dhaka));
}
