//! What admins do to a patient's account: edit the contact details,
//! deactivate and reactivate it. Each write is audited in its own transaction.

use crate::model::{Email, PatientContact, PatientId, PersonName, Phone, StaffId, TimeZoneName};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// A patient's contact details as an admin sets them.
#[derive(Debug, Clone)]
pub struct ContactEdit {
    pub name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub timezone: Option<TimeZoneName>,
}

/// A patient's account as an admin sees it: no medical history.
#[derive(Debug, Clone)]
pub struct PatientAccount {
    pub id: PatientId,
    pub contact: PatientContact,
    pub created_at: Timestamp,
    /// When an admin deactivated it; `None` while it is active.
    pub deactivated_at: Option<Timestamp>,
}

#[async_trait]
pub trait PatientAdminStore: Send + Sync {
    /// The patient's account, without the medical history.
    async fn patient_account(&self, id: PatientId) -> Result<Option<PatientAccount>, StoreError>;

    /// In one write: the new details and an audit row naming the admin. A new
    /// email address is unverified until its owner confirms it.
    /// Errors: `EmailTaken` when the email, compared without case, belongs to
    /// another patient or to a member of staff; `NotFound`.
    async fn edit_patient_contact(
        &self,
        id: PatientId,
        edit: ContactEdit,
        by: StaffId,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// In one write: deactivates (ending every session of the patient) or
    /// reactivates the account, with an audit row naming the admin. Returns
    /// `false`, writing nothing, when it already was so.
    /// Errors: `NotFound`.
    async fn set_patient_active(
        &self,
        id: PatientId,
        active: bool,
        by: StaffId,
        at: Timestamp,
    ) -> Result<bool, StoreError>;
}
