//! Registering a new patient.

use super::links::token_mail;
use super::Accounts;
use crate::model::{
    Email, JobKind, MedicalHistory, NewPatient, Password, PatientId, PersonName, Phone,
    TimeZoneName, TokenPurpose,
};
use crate::ports::{AttemptKind, AuditEntry, StoreError};
use crate::services::Cause;
use crate::validation::FieldErrors;

/// The registration form as submitted.
#[derive(Debug, Clone, Default)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub medical_history: String,
    pub password: String,
    pub password_confirm: String,
    /// An IANA zone, filled in by the page's script from the browser; empty: none.
    pub timezone: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("that email address is already registered")]
    EmailTaken,
    #[error("too many registrations from this address; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for RegisterError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::EmailTaken => RegisterError::EmailTaken,
            other => RegisterError::Unexpected(other.into()),
        }
    }
}

impl RegistrationForm {
    pub fn validate(&self) -> Result<(NewPatient, Password), FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let email = errors.check("email", Email::parse(&self.email));
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
        let password = super::new_password(
            &mut errors,
            "password",
            "password_confirm",
            &self.password,
            &self.password_confirm,
        );
        match (name, email, phone, history, timezone, password) {
            (
                Some(name),
                Some(email),
                Some(phone),
                Some(medical_history),
                Some(timezone),
                Some(password),
            ) => Ok((
                NewPatient {
                    name,
                    email,
                    phone,
                    medical_history,
                    timezone,
                },
                password,
            )),
            _ => Err(errors),
        }
    }
}

impl Accounts {
    /// Creates the patient's account, with the welcome mail that carries the
    /// email verification link. Nothing is stored unless every field is valid.
    pub async fn register(
        &self,
        form: &RegistrationForm,
        client: &str,
    ) -> Result<PatientId, RegisterError> {
        let (patient, password) = form.validate().map_err(RegisterError::Invalid)?;
        let now = self.clock.now();
        if let Some(minutes) = self
            .throttle
            .registration_wait(self.attempts.as_ref(), client, now)
            .await?
        {
            return Err(RegisterError::Throttled { minutes });
        }
        if self.store.find_login(&patient.email).await?.is_some() {
            return Err(RegisterError::EmailTaken);
        }
        let hash = self
            .hasher
            .hash(&password)
            .await
            .map_err(|e| RegisterError::Unexpected(e.into()))?;
        let token = self.links.new_token(TokenPurpose::Verify, now);
        let welcome = token_mail(JobKind::SendWelcome, None, token.id, now);
        let id = self
            .links
            .tokens
            .register_patient(patient, hash, token, vec![welcome], now)
            .await?;
        self.attempts
            .record_attempt(AttemptKind::Registration, None, client, now)
            .await?;
        self.audit
            .record(AuditEntry {
                at: now,
                actor: Some(crate::model::AccountRef::Patient(id)),
                action: "patient.registered".into(),
                subject: Some(format!("patient:{id}")),
                client: Some(client.to_owned()),
            })
            .await?;
        Ok(id)
    }
}
