//! A forgotten password: a reset link by mail (the same answer whether or not
//! the email is registered), and setting a new password through it.

use super::links::token_mail;
use super::Accounts;
use crate::model::{AccountRef, Email, JobKind, LinkRefused, Password, TokenPurpose};
use crate::ports::{AuditEntry, ResetRequest, StoreError};
use crate::services::Cause;
use crate::validation::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ForgotPasswordError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("too many reset links asked for; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ForgotPasswordError {
    fn from(error: StoreError) -> Self {
        ForgotPasswordError::Unexpected(error.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResetPasswordError {
    #[error("{0}")]
    Link(LinkRefused),
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ResetPasswordError {
    fn from(error: StoreError) -> Self {
        ResetPasswordError::Unexpected(error.into())
    }
}

impl Accounts {
    /// Mails a reset link when `email` is an account's. The caller answers
    /// the same either way: the work done (throttle reads, one lookup, one
    /// write) is the same too, so neither answer nor timing tells.
    pub async fn request_password_reset(
        &self,
        email: &str,
        client: &str,
    ) -> Result<(), ForgotPasswordError> {
        let email = Email::parse(email).map_err(|e| {
            ForgotPasswordError::Invalid(FieldErrors::single("email", e.to_string()))
        })?;
        let email_key = email.normalized();
        let now = self.clock.now();
        if let Some(minutes) = self
            .throttle
            .reset_wait(self.attempts.as_ref(), &email_key, client, now)
            .await?
        {
            return Err(ForgotPasswordError::Throttled { minutes });
        }
        let account = self.store.find_login(&email).await?.map(|r| r.account);
        let token = self.links.new_token(TokenPurpose::Reset, now);
        let issue = account.map(|account| {
            let mail = token_mail(JobKind::SendPasswordReset, Some(account), token.id, now);
            (account, token, vec![mail])
        });
        let request = ResetRequest {
            email_key,
            client: client.to_owned(),
            at: now,
        };
        self.links.tokens.request_reset(request, issue).await?;
        Ok(())
    }

    /// Whether a reset link still works, for showing its form. Changes nothing.
    pub async fn check_reset_link(&self, secret: &str) -> Result<(), ResetPasswordError> {
        self.links
            .live(secret, TokenPurpose::Reset, self.clock.now())
            .await?
            .map(|_| ())
            .map_err(ResetPasswordError::Link)
    }

    /// Sets a new password through a reset link: the link is spent, every
    /// session of the account ends and the old password stops working.
    pub async fn reset_password(
        &self,
        secret: &str,
        new: &str,
        confirmation: &str,
    ) -> Result<AccountRef, ResetPasswordError> {
        self.check_reset_link(secret).await?;
        let password = Password::parse_confirmed(new, confirmation).map_err(|e| {
            ResetPasswordError::Invalid(FieldErrors::single("new_password", e.to_string()))
        })?;
        let hash = self
            .hasher
            .hash(&password)
            .await
            .map_err(|e| ResetPasswordError::Unexpected(e.into()))?;
        let now = self.clock.now();
        // Checked again inside the write: a link used meanwhile in another
        // tab, or expired while bcrypt ran, does nothing.
        let account = match self
            .links
            .tokens
            .reset_password(&self.links.hash(secret), hash, now)
            .await
        {
            Ok(account) => account,
            Err(StoreError::NotFound) => return Err(ResetPasswordError::Link(LinkRefused::Used)),
            Err(other) => return Err(other.into()),
        };
        self.audit
            .record(AuditEntry {
                at: now,
                actor: Some(account),
                action: "account.password_reset".into(),
                subject: Some(account.to_string()),
                client: None,
            })
            .await?;
        Ok(account)
    }
}
