//! Staff accounts as admins manage them, and what a doctor's account may open.

use crate::model::{DoctorId, Email, PasswordHash, Patient, PatientId, PersonName, Role, StaffId};
use crate::ports::{AuditEntry, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;

/// A staff account the use case has validated.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub name: PersonName,
    pub email: Email,
    pub role: Role,
    /// Set for a doctor, `None` for an admin.
    pub doctor: Option<DoctorId>,
    pub password_hash: PasswordHash,
    /// A one-time password: the first login must choose a new one.
    pub must_change_password: bool,
    pub at: Timestamp,
}

/// One row of the staff list.
#[derive(Debug, Clone)]
pub struct StaffListing {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub doctor: Option<DoctorId>,
    pub doctor_name: Option<String>,
    pub must_change_password: bool,
    /// When the account was deactivated; `None` while it may log in.
    pub deactivated_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct StaffPage {
    pub rows: Vec<StaffListing>,
    /// Every staff account, over all pages.
    pub total: i64,
}

/// Why a staff write was refused.
#[derive(Debug, thiserror::Error)]
pub enum StaffWriteError {
    #[error("that email address already belongs to an account")]
    EmailTaken,
    #[error("that doctor is already linked to another staff account")]
    DoctorTaken,
    #[error("no such doctor")]
    UnknownDoctor,
    #[error("no such staff account")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    /// Staff accounts by name (then id), one page, with the count of all.
    async fn list_staff(&self, limit: i64, offset: i64) -> Result<StaffPage, StoreError>;

    /// One account, deactivated or not.
    async fn staff_listing(&self, id: StaffId) -> Result<Option<StaffListing>, StoreError>;

    /// Inserts the account and `audit` (its subject set to the new account)
    /// in one transaction.
    async fn create_staff(
        &self,
        staff: NewStaff,
        audit: AuditEntry,
    ) -> Result<StaffId, StaffWriteError>;

    /// Sets a one-time password (to be changed at the next login), ends every
    /// session of the account and writes `audit`, in one transaction.
    async fn set_one_time_password(
        &self,
        id: StaffId,
        hash: PasswordHash,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError>;

    /// Deactivates the account (it can no longer log in), ends every session
    /// of it and writes `audit`, in one transaction; an account already
    /// deactivated stays as it was.
    async fn deactivate_staff(
        &self,
        id: StaffId,
        at: Timestamp,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError>;

    /// Lets a deactivated account log in again and writes `audit`, in one transaction.
    async fn reactivate_staff(&self, id: StaffId, audit: AuditEntry)
        -> Result<(), StaffWriteError>;

    /// The patient's record, medical history included, only if the patient
    /// has (or had) an appointment with `doctor`; the view is written to the
    /// audit log in the same transaction.
    async fn view_patient_for_doctor(
        &self,
        patient: PatientId,
        doctor: DoctorId,
        viewer: StaffId,
        at: Timestamp,
    ) -> Result<Option<Patient>, StoreError>;
}
