//! What admins do with a patient's account: read it (without the medical
//! history), with its payments; edit the contact details with the rules of
//! the patient's own forms; deactivate and reactivate it. Every change is
//! audited with the admin who made it, in the write that makes it.

use crate::model::{Email, PatientId, PersonName, Phone, StaffId, TimeZoneName};
use crate::ports::{
    Clock, ContactEdit, PatientAccount, PatientAdminStore, PaymentRecord, PaymentStore, StoreError,
};
use crate::services::Cause;
use crate::validation::FieldErrors;
use std::sync::Arc;

/// The contact details as typed on the admin's form.
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Empty means "not set", as on the patient's own profile.
    pub timezone: String,
}

impl ContactForm {
    /// The same value types, and so the same rules, as registration and the
    /// patient's profile.
    pub fn validate(&self) -> Result<ContactEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let email = errors.check("email", Email::parse(&self.email));
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let timezone = if self.timezone.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check("timezone", TimeZoneName::parse(&self.timezone))
                .map(Some)
        };
        match (name, email, phone, timezone) {
            (Some(name), Some(email), Some(phone), Some(timezone)) => Ok(ContactEdit {
                name,
                email,
                phone,
                timezone,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PatientAdminError {
    #[error("no such patient")]
    NotFound,
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("that email address belongs to another account")]
    EmailTaken,
    #[error("The account is already {0}.")]
    AlreadySo(&'static str),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for PatientAdminError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => PatientAdminError::NotFound,
            StoreError::EmailTaken => PatientAdminError::EmailTaken,
            other => PatientAdminError::Unexpected(other.into()),
        }
    }
}

#[derive(Clone)]
pub struct PatientAdmin {
    store: Arc<dyn PatientAdminStore>,
    payments: Arc<dyn PaymentStore>,
    clock: Arc<dyn Clock>,
}

impl PatientAdmin {
    pub fn new(
        store: Arc<dyn PatientAdminStore>,
        payments: Arc<dyn PaymentStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            payments,
            clock,
        }
    }

    /// The account without the medical history, whose every view is audited.
    pub async fn account(&self, id: PatientId) -> Result<PatientAccount, PatientAdminError> {
        self.store
            .patient_account(id)
            .await?
            .ok_or(PatientAdminError::NotFound)
    }

    /// The patient's payments, newest first.
    pub async fn payments(&self, id: PatientId) -> Result<Vec<PaymentRecord>, PatientAdminError> {
        Ok(self.payments.payments_of_patient(id).await?)
    }

    pub async fn edit_contact(
        &self,
        admin: StaffId,
        id: PatientId,
        form: &ContactForm,
    ) -> Result<(), PatientAdminError> {
        let edit = form.validate().map_err(PatientAdminError::Invalid)?;
        self.store
            .edit_patient_contact(id, edit, admin, self.clock.now())
            .await?;
        Ok(())
    }

    /// Ends every session of the patient at once; their appointments stay.
    pub async fn deactivate(&self, admin: StaffId, id: PatientId) -> Result<(), PatientAdminError> {
        self.set_active(admin, id, false).await
    }

    pub async fn reactivate(&self, admin: StaffId, id: PatientId) -> Result<(), PatientAdminError> {
        self.set_active(admin, id, true).await
    }

    async fn set_active(
        &self,
        admin: StaffId,
        id: PatientId,
        active: bool,
    ) -> Result<(), PatientAdminError> {
        if self
            .store
            .set_patient_active(id, active, admin, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(PatientAdminError::AlreadySo(if active {
                "active"
            } else {
                "deactivated"
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, phone: &str, timezone: &str) -> ContactForm {
        ContactForm {
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            timezone: timezone.into(),
        }
    }

    #[test]
    fn contact_details_follow_the_profile_rules() {
        let good = form("Rahim Uddin", "rahim@example.com", "+8801711000000", "");
        let edit = good.validate().expect("valid details");
        assert_eq!(edit.timezone, None);
        for (bad, field) in [
            (form("", "rahim@example.com", "+8801711000000", ""), "name"),
            (form("Rahim", "not-an-email", "+8801711000000", ""), "email"),
            (form("Rahim", "rahim@example.com", "12", ""), "phone"),
            (
                form("Rahim", "rahim@example.com", "+8801711000000", "Mars/Base"),
                "timezone",
            ),
        ] {
            let errors = bad.validate().expect_err(field);
            assert!(
                errors.message_for(field).is_some(),
                "{field} must be refused: {errors:?}"
            );
        }
    }
}
