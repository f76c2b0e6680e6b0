//! Confirming a patient's email address through the link mailed to it, sending
//! the link again, and whether booking must wait for it.

use super::links::token_mail;
use super::Accounts;
use crate::model::{AccountRef, JobKind, LinkRefused, PatientId, TokenPurpose};
use crate::ports::{AttemptKind, AuditEntry, StoreError};
use crate::services::Cause;

#[derive(Debug, thiserror::Error)]
pub enum VerifyEmailError {
    #[error("{0}")]
    Link(LinkRefused),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for VerifyEmailError {
    fn from(error: StoreError) -> Self {
        VerifyEmailError::Unexpected(error.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResendVerificationError {
    #[error("your email address is already confirmed")]
    AlreadyVerified,
    #[error("too many links sent; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ResendVerificationError {
    fn from(error: StoreError) -> Self {
        ResendVerificationError::Unexpected(error.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MayBookError {
    /// The clinic asks for a confirmed email before booking.
    #[error("confirm your email address before booking")]
    EmailUnverified,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for MayBookError {
    fn from(error: StoreError) -> Self {
        MayBookError::Unexpected(error.into())
    }
}

impl Accounts {
    /// Whether a verification link still works, for showing its button. Changes nothing.
    pub async fn check_verify_link(&self, secret: &str) -> Result<(), VerifyEmailError> {
        self.links
            .live(secret, TokenPurpose::Verify, self.clock.now())
            .await?
            .map(|_| ())
            .map_err(VerifyEmailError::Link)
    }

    /// Confirms the email address the link was sent to; the link is spent.
    pub async fn confirm_email(&self, secret: &str) -> Result<PatientId, VerifyEmailError> {
        self.check_verify_link(secret).await?;
        let now = self.clock.now();
        let patient = match self
            .links
            .tokens
            .verify_email(&self.links.hash(secret), now)
            .await
        {
            Ok(patient) => patient,
            Err(StoreError::NotFound) => return Err(VerifyEmailError::Link(LinkRefused::Used)),
            Err(other) => return Err(other.into()),
        };
        self.audit
            .record(AuditEntry {
                at: now,
                actor: Some(AccountRef::Patient(patient)),
                action: "patient.email_verified".into(),
                subject: Some(format!("patient:{patient}")),
                client: None,
            })
            .await?;
        Ok(patient)
    }

    /// Mails the patient a new verification link.
    pub async fn resend_verification(
        &self,
        patient: PatientId,
        client: &str,
    ) -> Result<(), ResendVerificationError> {
        if self
            .links
            .tokens
            .email_verified_at(patient)
            .await?
            .is_some()
        {
            return Err(ResendVerificationError::AlreadyVerified);
        }
        let now = self.clock.now();
        let account = AccountRef::Patient(patient);
        let key = account.to_string();
        if let Some(minutes) = self
            .throttle
            .verification_wait(self.attempts.as_ref(), &key, now)
            .await?
        {
            return Err(ResendVerificationError::Throttled { minutes });
        }
        let token = self.links.new_token(TokenPurpose::Verify, now);
        let mail = token_mail(JobKind::SendVerification, Some(account), token.id, now);
        self.links
            .tokens
            .issue_token(account, token, vec![mail], now)
            .await?;
        self.attempts
            .record_attempt(AttemptKind::VerificationMail, Some(&key), client, now)
            .await?;
        Ok(())
    }

    /// Whether the patient's email is confirmed.
    pub async fn email_verified(&self, patient: PatientId) -> Result<bool, StoreError> {
        Ok(self
            .links
            .tokens
            .email_verified_at(patient)
            .await?
            .is_some())
    }

    /// Refuses booking to a patient whose email is unconfirmed, when the
    /// clinic requires it (`accounts.require_verified_email`).
    pub async fn may_book(&self, patient: PatientId) -> Result<(), MayBookError> {
        if self.links.policy.require_verified_email && !self.email_verified(patient).await? {
            return Err(MayBookError::EmailUnverified);
        }
        Ok(())
    }
}
