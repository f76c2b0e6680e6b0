//! A patient editing their own profile.

use super::Accounts;
use crate::model::{MedicalHistory, PatientId, PatientProfile, PersonName, Phone, TimeZoneName};
use crate::ports::StoreError;
use crate::services::Cause;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    pub name: String,
    pub phone: String,
    pub medical_history: String,
    /// Empty means "not set": times are then shown in the doctor's zone only.
    pub timezone: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ProfileError {
    fn from(error: StoreError) -> Self {
        ProfileError::Unexpected(error.into())
    }
}

impl ProfileForm {
    pub fn validate(&self) -> Result<PatientProfile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let history = errors.check(
            "medical_history",
            MedicalHistory::parse(&self.medical_history),
        );
        let timezone = if self.timezone.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check("timezone", TimeZoneName::parse(&self.timezone))
                .map(Some)
        };
        match (name, phone, history, timezone) {
            (Some(name), Some(phone), Some(medical_history), Some(timezone)) => {
                Ok(PatientProfile {
                    name,
                    phone,
                    medical_history,
                    timezone,
                })
            }
            _ => Err(errors),
        }
    }
}

impl Accounts {
    pub async fn update_profile(
        &self,
        patient: PatientId,
        form: &ProfileForm,
    ) -> Result<(), ProfileError> {
        let profile = form.validate().map_err(ProfileError::Invalid)?;
        self.store.update_patient_profile(patient, profile).await?;
        Ok(())
    }
}

impl Accounts {
    /// The patient's own time zone, if they set one, for showing times beside the doctor's.
    pub async fn time_zone_of(
        &self,
        patient: PatientId,
    ) -> Result<Option<TimeZoneName>, ProfileError> {
        Ok(self.store.patient_time_zone(patient).await?)
    }

    /// Keeps the zone the patient's browser reported when they have none, so
    /// the mails about their first booking already show their own time.
    pub async fn remember_time_zone(
        &self,
        patient: PatientId,
        zone: &TimeZoneName,
    ) -> Result<(), ProfileError> {
        Ok(self
            .store
            .set_time_zone_if_unset(patient, zone.clone())
            .await?)
    }

    /// The patient's details without the medical history, to greet them by.
    pub async fn own_contact(
        &self,
        patient: PatientId,
    ) -> Result<crate::model::PatientContact, ProfileError> {
        self.store.patient_contact(patient).await?.ok_or_else(|| {
            ProfileError::Unexpected(
                format!("patient {patient} has a session but no record").into(),
            )
        })
    }

    /// The patient's own record, to show back to them.
    pub async fn own_record(
        &self,
        patient: PatientId,
    ) -> Result<crate::model::Patient, ProfileError> {
        self.store.patient(patient).await?.ok_or_else(|| {
            ProfileError::Unexpected(
                format!("patient {patient} has a session but no record").into(),
            )
        })
    }
}
