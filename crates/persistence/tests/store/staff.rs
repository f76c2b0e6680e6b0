//! Staff accounts in the store: one account per doctor, deactivation that
//! ends the sessions in the same write and hides the account from login,
//! and a doctor's view of their own patients only.

use crate::fixtures::{booked, booking, doctor, now, patients};
use crate::support::{email, hash, test_db, TestDb};
use consulta_domain::model::{AccountRef, PersonName, Role, StaffId};
use consulta_domain::ports::{AuditEntry, NewSession, NewStaff, StaffWriteError};

fn entry(action: &str) -> AuditEntry {
    AuditEntry {
        at: now(),
        actor: None,
        action: action.into(),
        subject: None,
        client: None,
    }
}

fn new_doctor_account(address: &str, doctor: consulta_domain::model::DoctorId) -> NewStaff {
    NewStaff {
        name: PersonName::parse("Dr Store").unwrap(),
        email: email(address),
        role: Role::Doctor,
        doctor: Some(doctor),
        password_hash: hash("s"),
        must_change_password: false,
        at: now(),
    }
}

async fn sessions_of(t: &TestDb, id: StaffId) -> i64 {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM sessions WHERE account_kind = 'staff' AND account_id = {id}"
    ))
    .get_result::<N>(&mut t.raw())
    .unwrap()
    .n
}

#[tokio::test]
async fn a_doctor_profile_belongs_to_one_account_and_the_creation_is_audited() {
    let t = test_db();
    let d = doctor(&t, "Dr Store").await;
    let id = t
        .ports
        .staff
        .create_staff(
            new_doctor_account("one@clinic.org", d),
            entry("staff.created"),
        )
        .await
        .unwrap();
    let member = t.ports.accounts.staff_member(id).await.unwrap().unwrap();
    assert_eq!((member.role, member.doctor), (Role::Doctor, Some(d)));
    let again = t
        .ports
        .staff
        .create_staff(
            new_doctor_account("two@clinic.org", d),
            entry("staff.created"),
        )
        .await;
    assert!(
        matches!(again, Err(StaffWriteError::DoctorTaken)),
        "{again:?}"
    );
    let taken = t
        .ports
        .staff
        .create_staff(
            new_doctor_account("ONE@clinic.org", d),
            entry("staff.created"),
        )
        .await;
    assert!(
        matches!(taken, Err(StaffWriteError::EmailTaken)),
        "{taken:?}"
    );
    let ghost = t
        .ports
        .staff
        .create_staff(
            new_doctor_account(
                "three@clinic.org",
                consulta_domain::model::DoctorId::new(99),
            ),
            entry("staff.created"),
        )
        .await;
    assert!(
        matches!(ghost, Err(StaffWriteError::UnknownDoctor)),
        "{ghost:?}"
    );
    let audit = t.ports.audit.recent(10, 0).await.unwrap();
    assert_eq!(audit.len(), 1, "only the account made is audited");
    assert_eq!(
        audit[0].subject.as_deref(),
        Some(format!("staff:{id}").as_str())
    );
}

#[tokio::test]
async fn deactivating_ends_the_sessions_in_the_same_write_and_closes_the_login() {
    let t = test_db();
    let d = doctor(&t, "Dr Store").await;
    let staff = &t.ports.staff;
    let id = staff
        .create_staff(
            new_doctor_account("leaving@clinic.org", d),
            entry("staff.created"),
        )
        .await
        .unwrap();
    t.ports
        .sessions
        .create_session(NewSession {
            token_hash: "token-of-leaving".into(),
            account: AccountRef::Staff(id),
            csrf_token: "csrf".into(),
            at: now(),
        })
        .await
        .unwrap();
    assert_eq!(sessions_of(&t, id).await, 1);

    staff
        .deactivate_staff(id, now(), entry("staff.deactivated"))
        .await
        .unwrap();
    assert_eq!(sessions_of(&t, id).await, 0);
    let accounts = &t.ports.accounts;
    assert!(accounts
        .find_login(&email("leaving@clinic.org"))
        .await
        .unwrap()
        .is_none());
    assert!(accounts.staff_member(id).await.unwrap().is_none());
    let listed = staff.staff_listing(id).await.unwrap().unwrap();
    assert_eq!(listed.deactivated_at, Some(now()));

    staff
        .reactivate_staff(id, entry("staff.reactivated"))
        .await
        .unwrap();
    assert!(accounts
        .find_login(&email("leaving@clinic.org"))
        .await
        .unwrap()
        .is_some());
    assert!(matches!(
        staff
            .deactivate_staff(StaffId::new(77), now(), entry("x"))
            .await,
        Err(StaffWriteError::NotFound)
    ));
}

#[tokio::test]
async fn a_doctor_sees_the_record_of_their_own_patients_only() {
    let t = test_db();
    let mine = doctor(&t, "Dr Mine").await;
    let theirs = doctor(&t, "Dr Theirs").await;
    let viewer = t
        .ports
        .staff
        .create_staff(
            new_doctor_account("mine@clinic.org", mine),
            entry("staff.created"),
        )
        .await
        .unwrap();
    let ids = patients(&t, 2).await;
    booked(
        t.ports
            .booking
            .book(booking(ids[0], mine, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    booked(
        t.ports
            .booking
            .book(booking(ids[1], theirs, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );

    let staff = &t.ports.staff;
    assert!(staff
        .view_patient_for_doctor(ids[0], mine, viewer, now())
        .await
        .unwrap()
        .is_some());
    assert!(staff
        .view_patient_for_doctor(ids[1], mine, viewer, now())
        .await
        .unwrap()
        .is_none());
    let views: Vec<_> = t
        .ports
        .audit
        .recent(10, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "patient.viewed_by_doctor")
        .collect();
    assert_eq!(views.len(), 1);
    assert_eq!(
        views[0].subject.as_deref(),
        Some(format!("patient:{}", ids[0]).as_str())
    );
}
