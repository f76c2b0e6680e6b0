//! StaffAccounts over in-memory fakes: what a form may create, the one-time
//! password, and no deactivating oneself.

use super::staff_accounts::*;
use crate::model::*;
use crate::ports::*;
use crate::schedule::{BookingHorizon, Buffer, MinimumNotice, SlotLength, TimeOff, WeeklyHours};
use async_trait::async_trait;
use jiff::Timestamp;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// The fakes never wait: polling until ready is enough.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

const NOW: &str = "2026-06-01T08:00:00Z";

struct Clock;
impl crate::ports::Clock for Clock {
    fn now(&self) -> Timestamp {
        NOW.parse().unwrap()
    }
}

struct Hasher;
#[async_trait]
impl PasswordHasher for Hasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        Ok(PasswordHash::new(format!("h:{}", password.expose())))
    }
    async fn verify(&self, _: &Password, _: &PasswordHash) -> Result<bool, HashError> {
        Ok(false)
    }
    fn dummy_hash(&self) -> PasswordHash {
        PasswordHash::new("h:".into())
    }
}

/// A call these tests never make: an error the test sees, not a panic.
fn unused() -> StoreError {
    StoreError::Unexpected("not part of the staff fakes".into())
}

/// One doctor, id 1.
struct Doctors;
#[async_trait]
impl DoctorStore for Doctors {
    async fn list_doctors(&self, _: bool) -> Result<Vec<Doctor>, StoreError> {
        Err(unused())
    }
    async fn doctor(&self, id: DoctorId) -> Result<Option<Doctor>, StoreError> {
        Ok((id.get() == 1).then(|| Doctor {
            id,
            profile: DoctorProfile {
                name: PersonName::parse("Dr Fake").unwrap(),
                specialty: String::new(),
                bio: String::new(),
                fee: Money::new(100, Currency::parse("BDT").unwrap()),
                timezone: TimeZoneName::parse("UTC").unwrap(),
                slot_length: SlotLength::from_minutes(30).unwrap(),
                buffer: Buffer::from_minutes(0).unwrap(),
                notice: MinimumNotice::from_hours(1).unwrap(),
                horizon: BookingHorizon::from_days(30).unwrap(),
                active: true,
            },
        }))
    }
    async fn availability(&self, _: DoctorId, _: Timestamp) -> Result<Availability, StoreError> {
        Err(unused())
    }
    async fn create_doctor(&self, _: DoctorProfile, _: Timestamp) -> Result<DoctorId, StoreError> {
        Err(unused())
    }
    async fn update_doctor(&self, _: DoctorId, _: DoctorProfile) -> Result<(), StoreError> {
        Err(unused())
    }
    async fn set_weekly_hours(&self, _: DoctorId, _: WeeklyHours) -> Result<(), StoreError> {
        Err(unused())
    }
    async fn add_time_off(&self, _: DoctorId, _: TimeOff, _: &str) -> Result<i64, StoreError> {
        Err(unused())
    }
    async fn remove_time_off(&self, _: DoctorId, _: i64) -> Result<(), StoreError> {
        Err(unused())
    }
    async fn add_date_override(
        &self,
        _: DoctorId,
        _: crate::schedule::DateOverride,
        _: &str,
        _: Timestamp,
    ) -> Result<i64, StoreError> {
        Err(unused())
    }
    async fn remove_date_override(&self, _: DoctorId, _: i64) -> Result<(), StoreError> {
        Err(unused())
    }
    async fn doctor_mail_address(
        &self,
        _: DoctorId,
    ) -> Result<Option<crate::model::Email>, StoreError> {
        Err(unused())
    }
}

/// Records what was written; every account exists.
#[derive(Default)]
struct Staff {
    created: Mutex<Vec<NewStaff>>,
    audit: Mutex<Vec<String>>,
    deactivated: Mutex<Vec<StaffId>>,
}
#[async_trait]
impl StaffStore for Staff {
    async fn list_staff(&self, _: i64, _: i64) -> Result<StaffPage, StoreError> {
        Err(unused())
    }
    async fn staff_listing(&self, _: StaffId) -> Result<Option<StaffListing>, StoreError> {
        Err(unused())
    }
    async fn create_staff(
        &self,
        staff: NewStaff,
        audit: AuditEntry,
    ) -> Result<StaffId, StaffWriteError> {
        self.created.lock().unwrap().push(staff);
        self.audit.lock().unwrap().push(audit.action);
        Ok(StaffId::new(9))
    }
    async fn set_one_time_password(
        &self,
        _: StaffId,
        _: PasswordHash,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError> {
        self.audit.lock().unwrap().push(audit.action);
        Ok(())
    }
    async fn deactivate_staff(
        &self,
        id: StaffId,
        _: Timestamp,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError> {
        self.deactivated.lock().unwrap().push(id);
        self.audit.lock().unwrap().push(audit.action);
        Ok(())
    }
    async fn reactivate_staff(&self, _: StaffId, _: AuditEntry) -> Result<(), StaffWriteError> {
        Err(StaffWriteError::Store(unused()))
    }
    async fn view_patient_for_doctor(
        &self,
        _: PatientId,
        _: DoctorId,
        _: StaffId,
        _: Timestamp,
    ) -> Result<Option<Patient>, StoreError> {
        Err(unused())
    }
}

fn service() -> (StaffAccounts, Arc<Staff>) {
    let staff = Arc::new(Staff::default());
    let accounts = StaffAccounts::new(
        staff.clone(),
        Arc::new(Doctors),
        Arc::new(Hasher),
        Arc::new(Clock),
    );
    (accounts, staff)
}

fn form(role: &str, doctor: &str, password: &str) -> StaffForm {
    StaffForm {
        name: String::new(),
        email: "new@clinic.org".into(),
        role: role.into(),
        doctor_id: doctor.into(),
        password: password.into(),
    }
}

const ADMIN: StaffActor = StaffActor {
    staff: Some(StaffId::new(1)),
    client: None,
};

#[test]
fn a_doctor_account_takes_the_doctors_name_and_a_one_time_password_must_be_changed() {
    block_on(async {
        let (accounts, staff) = service();
        let created = accounts
            .create(&ADMIN, &form("doctor", "1", ""), "one-time-secret-1")
            .await
            .unwrap();
        assert_eq!(
            created.one_time_password.as_deref(),
            Some("one-time-secret-1")
        );
        let stored = staff.created.lock().unwrap().pop().unwrap();
        assert_eq!(stored.name.as_str(), "Dr Fake");
        assert_eq!(
            (stored.role, stored.doctor),
            (Role::Doctor, Some(DoctorId::new(1)))
        );
        assert!(stored.must_change_password);
        assert_eq!(stored.password_hash.as_str(), "h:one-time-secret-1");
        assert_eq!(
            *staff.audit.lock().unwrap(),
            vec!["staff.created".to_owned()]
        );

        let chosen = accounts
            .create(
                &ADMIN,
                &form("admin", "", "a long enough password"),
                "unused-one-time",
            )
            .await
            .unwrap();
        assert_eq!(chosen.one_time_password, None);
        let stored = staff.created.lock().unwrap().pop().unwrap();
        assert!(
            !stored.must_change_password,
            "a password given is not a one-time one"
        );
        assert_eq!(stored.name.as_str(), "Administrator");
    });
}

#[test]
fn a_form_that_does_not_fit_its_role_writes_nothing() {
    block_on(async {
        let (accounts, staff) = service();
        for (role, doctor, field, why) in [
            (
                "doctor",
                "",
                "doctor_id",
                "a doctor without a doctor profile",
            ),
            ("doctor", "2", "doctor_id", "an unknown doctor"),
            ("doctor", "x", "doctor_id", "a doctor id that is no number"),
            ("admin", "1", "doctor_id", "an admin linked to a doctor"),
            ("nurse", "", "role", "an unknown role"),
        ] {
            let refused = accounts
                .create(&ADMIN, &form(role, doctor, ""), "one-time-secret-1")
                .await;
            match refused {
                Err(StaffAdminError::Invalid(errors)) => {
                    assert!(errors.message_for(field).is_some(), "{why}: {errors}")
                }
                other => panic!("{why}: {other:?}"),
            }
        }
        assert!(staff.created.lock().unwrap().is_empty());
    });
}

#[test]
fn nobody_deactivates_their_own_account() {
    block_on(async {
        let (accounts, staff) = service();
        assert!(matches!(
            accounts.deactivate(&ADMIN, StaffId::new(1)).await,
            Err(StaffAdminError::CannotDeactivateSelf)
        ));
        accounts.deactivate(&ADMIN, StaffId::new(2)).await.unwrap();
        assert_eq!(*staff.deactivated.lock().unwrap(), vec![StaffId::new(2)]);
        assert_eq!(
            *staff.audit.lock().unwrap(),
            vec!["staff.deactivated".to_owned()]
        );
    });
}
