//! Patients, admins, logins, emails and passwords through `AccountStore`.

use crate::support::{at, email, hash, patient, test_db};
use consulta_domain::model::{
    AccountRef, MedicalHistory, PatientId, PatientProfile, PersonName, Phone, Role, StaffId,
    TimeZoneName,
};
use consulta_domain::ports::StoreError;

fn admin_name() -> PersonName {
    PersonName::parse("Administrator").unwrap()
}

#[tokio::test]
async fn a_registered_patient_reads_back_as_given() {
    let t = test_db();
    let registered = at("2026-02-01T08:00:00Z");
    let id = t
        .ports
        .accounts
        .create_patient(
            patient(
                "Rahim <b>Uddin</b>",
                "Rahim@Example.com",
                "Asthma; DROP TABLE x;--",
            ),
            hash("p"),
            registered,
        )
        .await
        .unwrap();
    let stored = t.ports.accounts.patient(id).await.unwrap().unwrap();
    assert_eq!(stored.name.as_str(), "Rahim <b>Uddin</b>");
    assert_eq!(stored.email.as_str(), "Rahim@Example.com");
    assert_eq!(stored.phone.as_str(), "+8801711234567");
    assert_eq!(stored.medical_history.as_str(), "Asthma; DROP TABLE x;--");
    assert_eq!(stored.created_at, registered);
    assert_eq!(stored.timezone, None);
    assert!(t
        .ports
        .accounts
        .patient(PatientId::new(999))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn an_email_is_unique_regardless_of_case_across_patients_and_staff() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    accounts
        .create_patient(patient("A", "ana@example.com", ""), hash("a"), now)
        .await
        .unwrap();
    let (admin, created) = accounts
        .upsert_admin(email("Boss@Clinic.org"), admin_name(), hash("b"), now)
        .await
        .unwrap();
    assert!(created);

    let same_patient = accounts
        .create_patient(patient("A2", "ANA@Example.COM", ""), hash("x"), now)
        .await;
    assert!(
        matches!(same_patient, Err(StoreError::EmailTaken)),
        "{same_patient:?}"
    );
    let admins_email = accounts
        .create_patient(patient("B", "boss@clinic.org", ""), hash("x"), now)
        .await;
    assert!(
        matches!(admins_email, Err(StoreError::EmailTaken)),
        "{admins_email:?}"
    );
    let patients_email = accounts
        .upsert_admin(email("Ana@example.com"), admin_name(), hash("x"), now)
        .await;
    assert!(
        matches!(patients_email, Err(StoreError::EmailTaken)),
        "{patients_email:?}"
    );
    let moved = accounts
        .change_email(AccountRef::Staff(admin), email("ANA@example.com"))
        .await;
    assert!(matches!(moved, Err(StoreError::EmailTaken)), "{moved:?}");
}

#[tokio::test]
async fn login_finds_patients_and_admins_by_email_in_any_case() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    let patient_id = accounts
        .create_patient(patient("A", "ana@example.com", ""), hash("a"), now)
        .await
        .unwrap();
    let (admin, _) = accounts
        .upsert_admin(email("boss@clinic.org"), admin_name(), hash("b"), now)
        .await
        .unwrap();

    let login = accounts
        .find_login(&email("ANA@EXAMPLE.COM"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(login.account, AccountRef::Patient(patient_id));
    assert_eq!(login.password_hash, hash("a"));
    assert_eq!(login.role, None);
    let login = accounts
        .find_login(&email("Boss@clinic.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(login.account, AccountRef::Staff(admin));
    assert_eq!(login.role, Some(Role::Admin));
    assert!(accounts
        .find_login(&email("nobody@x.org"))
        .await
        .unwrap()
        .is_none());

    let staff = accounts.staff_member(admin).await.unwrap().unwrap();
    assert_eq!(staff.role, Role::Admin);
    assert!(accounts
        .staff_member(StaffId::new(77))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_patient_changes_profile_email_and_password() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let id = accounts
        .create_patient(
            patient("A", "ana@example.com", "old"),
            hash("a"),
            at("2026-02-01T08:00:00Z"),
        )
        .await
        .unwrap();
    let me = AccountRef::Patient(id);
    accounts
        .update_patient_profile(
            id,
            PatientProfile {
                name: PersonName::parse("Ana B").unwrap(),
                phone: Phone::parse("01711000000").unwrap(),
                medical_history: MedicalHistory::parse("new history").unwrap(),
                timezone: Some(TimeZoneName::parse("Asia/Dhaka").unwrap()),
            },
        )
        .await
        .unwrap();
    accounts
        .change_email(me, email("ANA@example.com"))
        .await
        .unwrap();
    accounts
        .change_email(me, email("ana.b@example.com"))
        .await
        .unwrap();
    accounts.change_password(me, hash("new")).await.unwrap();

    let stored = accounts.patient(id).await.unwrap().unwrap();
    assert_eq!(stored.name.as_str(), "Ana B");
    assert_eq!(stored.medical_history.as_str(), "new history");
    assert_eq!(stored.timezone.unwrap().as_str(), "Asia/Dhaka");
    assert_eq!(stored.email.as_str(), "ana.b@example.com");
    assert_eq!(accounts.password_hash(me).await.unwrap(), hash("new"));
    assert!(accounts
        .find_login(&email("ana@example.com"))
        .await
        .unwrap()
        .is_none());
    let fresh = accounts
        .create_patient(
            patient("C", "ana@example.com", ""),
            hash("c"),
            at("2026-02-02T08:00:00Z"),
        )
        .await;
    assert!(
        fresh.is_ok(),
        "a released email can be registered again: {fresh:?}"
    );
}

#[tokio::test]
async fn changes_to_a_missing_account_are_not_found() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let ghost = AccountRef::Patient(PatientId::new(404));
    assert!(matches!(
        accounts.password_hash(ghost).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        accounts.change_password(ghost, hash("x")).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        accounts.change_email(ghost, email("g@example.com")).await,
        Err(StoreError::NotFound)
    ));
    let profile = PatientProfile {
        name: PersonName::parse("G").unwrap(),
        phone: Phone::parse("01711000000").unwrap(),
        medical_history: MedicalHistory::default(),
        timezone: None,
    };
    assert!(matches!(
        accounts
            .update_patient_profile(PatientId::new(404), profile)
            .await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn upserting_an_existing_admin_sets_a_new_password() {
    let t = test_db();
    let accounts = &t.ports.accounts;
    let now = at("2026-02-01T08:00:00Z");
    let (first, created) = accounts
        .upsert_admin(email("boss@clinic.org"), admin_name(), hash("one"), now)
        .await
        .unwrap();
    let (again, created_again) = accounts
        .upsert_admin(email("BOSS@clinic.org"), admin_name(), hash("two"), now)
        .await
        .unwrap();
    assert!(created && !created_again);
    assert_eq!(first, again);
    assert_eq!(
        accounts
            .password_hash(AccountRef::Staff(first))
            .await
            .unwrap(),
        hash("two")
    );
}

#[tokio::test]
async fn a_patients_zone_and_contact_details_are_read_without_opening_the_medical_history() {
    use diesel::connection::SimpleConnection;
    let t = test_db();
    let accounts = &t.ports.accounts;
    let id = accounts
        .create_patient(
            patient("Zara", "zara@example.com", "Migraines"),
            hash("z"),
            at("2026-02-01T08:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(accounts.patient_time_zone(id).await.unwrap(), None);

    t.raw()
        .batch_execute(&format!(
            "UPDATE patients SET timezone = 'America/New_York', medical_history = 'not a ciphertext' WHERE id = {}",
            id.get()
        ))
        .unwrap();
    assert!(
        accounts.patient(id).await.is_err(),
        "the whole record needs the history to decrypt"
    );
    let zone = accounts.patient_time_zone(id).await.unwrap();
    assert_eq!(zone.unwrap().as_str(), "America/New_York");
    let contact = accounts.patient_contact(id).await.unwrap().unwrap();
    assert_eq!(contact.name.as_str(), "Zara");
    assert_eq!(contact.email.as_str(), "zara@example.com");
    assert_eq!(contact.timezone.unwrap().as_str(), "America/New_York");
    assert!(accounts
        .patient_contact(PatientId::new(404))
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        accounts.patient_time_zone(PatientId::new(404)).await,
        Err(StoreError::NotFound)
    ));
}
