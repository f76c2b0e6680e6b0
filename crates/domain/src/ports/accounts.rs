//! Patients' and staff members' accounts.

use crate::model::{
    AccountRef, Email, NewPatient, PasswordHash, Patient, PatientContact, PatientId,
    PatientProfile, PatientSummary, PersonName, Role, StaffId, StaffMember, TimeZoneName,
};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// What login needs to know about the account an email belongs to.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub account: AccountRef,
    pub password_hash: PasswordHash,
    /// `None` for a patient.
    pub role: Option<Role>,
    /// A patient an admin deactivated: the password may match, but no session starts.
    pub deactivated: bool,
}

/// One page of a patient search, with the number of all matches.
#[derive(Debug, Clone)]
pub struct PatientPage {
    pub patients: Vec<PatientSummary>,
    pub total: i64,
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Stores a new patient.
    /// Errors: `EmailTaken` when the email, compared without case, belongs to any
    /// patient or staff member; `Unexpected` otherwise.
    async fn create_patient(
        &self,
        patient: NewPatient,
        password_hash: PasswordHash,
        at: Timestamp,
    ) -> Result<PatientId, StoreError>;

    /// The patient or staff member whose email this is, compared without case;
    /// `None` for a deactivated staff account, which cannot log in.
    async fn find_login(&self, email: &Email) -> Result<Option<LoginRecord>, StoreError>;

    /// The stored hash of an existing account. Errors: `NotFound`.
    async fn password_hash(&self, account: AccountRef) -> Result<PasswordHash, StoreError>;

    async fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError>;

    /// The patient's record without the medical history, which stays sealed.
    async fn patient_contact(&self, id: PatientId) -> Result<Option<PatientContact>, StoreError>;

    /// The patient's own time zone, `None` when not set. Reads nothing else of
    /// the record (pages that only show times never open the medical history).
    /// Errors: `NotFound`.
    async fn patient_time_zone(&self, id: PatientId) -> Result<Option<TimeZoneName>, StoreError>;

    /// Sets the patient's zone only when none is set (the one their browser
    /// reported, at their first booking); a zone already chosen stays.
    async fn set_time_zone_if_unset(
        &self,
        id: PatientId,
        zone: TimeZoneName,
    ) -> Result<(), StoreError>;

    /// An active staff member; `None` for a deactivated account.
    async fn staff_member(&self, id: StaffId) -> Result<Option<StaffMember>, StoreError>;

    /// Errors: `NotFound`.
    async fn update_patient_profile(
        &self,
        id: PatientId,
        profile: PatientProfile,
    ) -> Result<(), StoreError>;

    /// Errors: `EmailTaken`, `NotFound`.
    async fn change_email(&self, account: AccountRef, email: Email) -> Result<(), StoreError>;

    /// Sets a new hash and deletes every session of the account, in one transaction.
    /// Errors: `NotFound`.
    async fn change_password(
        &self,
        account: AccountRef,
        hash: PasswordHash,
    ) -> Result<(), StoreError>;

    /// Creates an admin, or sets a new password (revoking its sessions) when the
    /// email already belongs to an admin. Returns the id and whether it was created.
    /// Errors: `EmailTaken` when the email belongs to a patient or a non-admin.
    async fn upsert_admin(
        &self,
        email: Email,
        name: PersonName,
        hash: PasswordHash,
        at: Timestamp,
    ) -> Result<(StaffId, bool), StoreError>;

    /// Marks the staff member's password as given, not chosen: their next login
    /// must set a new one first. `change_password` clears the mark.
    /// Errors: `NotFound`.
    async fn require_password_change(&self, id: StaffId) -> Result<(), StoreError>;

    /// Patients whose name, email or phone contains `query` (all when empty), newest first.
    async fn search_patients(
        &self,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<PatientPage, StoreError>;

    /// A patient's full record for a member of staff; the view is written to the
    /// audit log in the same transaction, so no view goes unrecorded.
    async fn view_patient_as_staff(
        &self,
        id: PatientId,
        viewer: StaffId,
        at: Timestamp,
    ) -> Result<Option<Patient>, StoreError>;
}
