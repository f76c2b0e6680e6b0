//! What staff do with accounts: create admins, look up patients.

use super::Accounts;
use crate::model::{Email, Password, Patient, PatientId, PersonName, StaffId, StaffMember};
use crate::ports::{AuditEntry, PatientPage, StoreError};
use crate::services::Cause;
use crate::validation::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("that email address belongs to a patient or a doctor")]
    EmailTaken,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::EmailTaken => AdminError::EmailTaken,
            other => AdminError::Unexpected(other.into()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StaffViewError {
    #[error("no such patient")]
    NotFound,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for StaffViewError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => StaffViewError::NotFound,
            other => StaffViewError::Unexpected(other.into()),
        }
    }
}

impl Accounts {
    /// Creates an admin, or resets the password of an existing one. Returns the
    /// id and whether the account is new.
    pub async fn create_admin(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(StaffId, bool), AdminError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let password = errors.check("password", Password::parse(password));
        let (Some(email), Some(password)) = (email, password) else {
            return Err(AdminError::Invalid(errors));
        };
        let name =
            PersonName::parse("Administrator").map_err(|e| AdminError::Unexpected(e.into()))?;
        let hash = self
            .hasher
            .hash(&password)
            .await
            .map_err(|e| AdminError::Unexpected(e.into()))?;
        let now = self.clock.now();
        let (id, created) = self.store.upsert_admin(email, name, hash, now).await?;
        self.audit
            .record(AuditEntry {
                at: now,
                actor: None,
                action: if created {
                    "admin.created"
                } else {
                    "admin.password_reset"
                }
                .into(),
                subject: Some(format!("staff:{id}")),
                client: None,
            })
            .await?;
        Ok((id, created))
    }

    /// The demo admin: created with a password shown once, which the first
    /// login must replace before anything else.
    pub async fn create_admin_with_one_time_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(StaffId, bool), AdminError> {
        let (id, created) = self.create_admin(email, password).await?;
        self.store.require_password_change(id).await?;
        Ok((id, created))
    }

    /// A staff member's own account, for their profile page.
    pub async fn own_staff_record(&self, id: StaffId) -> Result<StaffMember, StaffViewError> {
        self.store.staff_member(id).await?.ok_or_else(|| {
            StaffViewError::Unexpected(format!("staff {id} has a session but no record").into())
        })
    }

    pub async fn search_patients(
        &self,
        query: &str,
        page: i64,
        per_page: i64,
    ) -> Result<PatientPage, StaffViewError> {
        let query: String = query.trim().chars().take(100).collect();
        let page = page.max(1);
        Ok(self
            .store
            .search_patients(&query, per_page, (page - 1) * per_page)
            .await?)
    }

    /// A patient's record, medical history included; the view is audited.
    pub async fn view_patient(
        &self,
        id: PatientId,
        viewer: StaffId,
    ) -> Result<Patient, StaffViewError> {
        self.store
            .view_patient_as_staff(id, viewer, self.clock.now())
            .await?
            .ok_or(StaffViewError::NotFound)
    }
}
