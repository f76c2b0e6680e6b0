//! In-memory account, attempt, audit and hashing ports for the link use
//! cases' tests: only what those use cases touch works.

use super::link_fakes::{KNOWN, PATIENT};
use crate::model::*;
use crate::ports::*;
use async_trait::async_trait;
use jiff::Timestamp;
use std::sync::Mutex;

pub struct Clock(pub Mutex<Timestamp>);
impl crate::ports::Clock for Clock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

pub struct Accounts;
#[async_trait]
impl AccountStore for Accounts {
    async fn create_patient(
        &self,
        _: NewPatient,
        _: PasswordHash,
        _: Timestamp,
    ) -> Result<PatientId, StoreError> {
        Err(unused(
            "create_patient: registration writes through the token store",
        ))
    }
    async fn find_login(&self, email: &Email) -> Result<Option<LoginRecord>, StoreError> {
        Ok((email.normalized() == KNOWN).then(|| LoginRecord {
            account: PATIENT,
            password_hash: PasswordHash::new("h:old".into()),
            role: None,
            deactivated: false,
        }))
    }
    async fn password_hash(&self, _: AccountRef) -> Result<PasswordHash, StoreError> {
        Err(unused("this call"))
    }
    async fn patient(&self, _: PatientId) -> Result<Option<Patient>, StoreError> {
        Err(unused("this call"))
    }
    async fn patient_contact(&self, _: PatientId) -> Result<Option<PatientContact>, StoreError> {
        Err(unused("this call"))
    }
    async fn patient_time_zone(&self, _: PatientId) -> Result<Option<TimeZoneName>, StoreError> {
        Err(unused("this call"))
    }
    async fn staff_member(&self, _: StaffId) -> Result<Option<StaffMember>, StoreError> {
        Err(unused("this call"))
    }
    async fn update_patient_profile(
        &self,
        _: PatientId,
        _: PatientProfile,
    ) -> Result<(), StoreError> {
        Err(unused("this call"))
    }
    async fn change_email(&self, _: AccountRef, _: Email) -> Result<(), StoreError> {
        Err(unused("this call"))
    }
    async fn change_password(&self, _: AccountRef, _: PasswordHash) -> Result<(), StoreError> {
        Err(unused("this call"))
    }
    async fn require_password_change(&self, _: StaffId) -> Result<(), StoreError> {
        Err(unused("this call"))
    }
    async fn set_time_zone_if_unset(
        &self,
        _: PatientId,
        _: TimeZoneName,
    ) -> Result<(), StoreError> {
        Err(unused("this call"))
    }
    async fn upsert_admin(
        &self,
        _: Email,
        _: PersonName,
        _: PasswordHash,
        _: Timestamp,
    ) -> Result<(StaffId, bool), StoreError> {
        Err(unused("this call"))
    }
    async fn search_patients(&self, _: &str, _: i64, _: i64) -> Result<PatientPage, StoreError> {
        Err(unused("this call"))
    }
    async fn view_patient_as_staff(
        &self,
        _: PatientId,
        _: StaffId,
        _: Timestamp,
    ) -> Result<Option<Patient>, StoreError> {
        Err(unused("this call"))
    }
}

/// (kind, account key, client, at) of each attempt.
pub type Attempt = (AttemptKind, Option<String>, String, Timestamp);

#[derive(Default)]
pub struct Attempts(pub Mutex<Vec<Attempt>>);
#[async_trait]
impl AttemptStore for Attempts {
    async fn record_attempt(
        &self,
        kind: AttemptKind,
        key: Option<&str>,
        client: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.0
            .lock()
            .unwrap()
            .push((kind, key.map(str::to_owned), client.to_owned(), at));
        Ok(())
    }
    async fn count_attempts(
        &self,
        kind: AttemptKind,
        key: Option<&str>,
        client: Option<&str>,
        since: Timestamp,
    ) -> Result<AttemptWindow, StoreError> {
        let all = self.0.lock().unwrap();
        let matching: Vec<Timestamp> = all
            .iter()
            .filter(|(k, a, c, at)| {
                *k == kind
                    && *at >= since
                    && key.is_none_or(|key| a.as_deref() == Some(key))
                    && client.is_none_or(|client| c == client)
            })
            .map(|(.., at)| *at)
            .collect();
        Ok(AttemptWindow {
            count: matching.len() as i64,
            oldest: matching.iter().min().copied(),
        })
    }
    async fn clear_attempts(&self, _: AttemptKind, _: &str, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

#[derive(Default)]
pub struct Audit(pub Mutex<Vec<String>>);
#[async_trait]
impl AuditLog for Audit {
    async fn record(&self, entry: AuditEntry) -> Result<(), StoreError> {
        self.0.lock().unwrap().push(entry.action);
        Ok(())
    }
    async fn recent(&self, _: i64, _: i64) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(Vec::new())
    }
}

pub struct Hasher;
#[async_trait]
impl PasswordHasher for Hasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        Ok(PasswordHash::new(format!("h:{}", password.expose())))
    }
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        Ok(hash.as_str() == format!("h:{}", password.expose()))
    }
    fn dummy_hash(&self) -> PasswordHash {
        PasswordHash::new("h:".into())
    }
}

/// A call these tests never make: an error the test sees, not a panic.
fn unused(call: &str) -> StoreError {
    StoreError::Unexpected(format!("{call} is not part of the account fakes"))
}
