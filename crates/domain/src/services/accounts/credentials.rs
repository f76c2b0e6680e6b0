//! Changing the password or the email of one's own account.

use super::Accounts;
use crate::model::{AccountRef, Email, Password};
use crate::ports::{AuditEntry, StoreError};
use crate::services::Cause;
use crate::validation::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ChangePasswordError {
    fn from(error: StoreError) -> Self {
        ChangePasswordError::Unexpected(error.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeEmailError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("the password is wrong")]
    WrongPassword,
    #[error("that email address is already registered")]
    EmailTaken,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ChangeEmailError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::EmailTaken => ChangeEmailError::EmailTaken,
            other => ChangeEmailError::Unexpected(other.into()),
        }
    }
}

impl Accounts {
    async fn password_matches(&self, account: AccountRef, typed: &str) -> Result<bool, StoreError> {
        let Ok(password) = Password::for_login(typed) else {
            return Ok(false);
        };
        let hash = self.store.password_hash(account).await?;
        self.hasher
            .verify(&password, &hash)
            .await
            .map_err(|e| StoreError::Unexpected(e.to_string()))
    }

    /// Sets a new password and ends every session of the account; the caller
    /// starts a fresh one for the device that made the change.
    pub async fn change_password(
        &self,
        account: AccountRef,
        current: &str,
        new: &str,
        confirmation: &str,
    ) -> Result<(), ChangePasswordError> {
        let mut errors = FieldErrors::new();
        let new = super::new_password(
            &mut errors,
            "new_password",
            "new_password_confirm",
            new,
            confirmation,
        );
        let Some(new) = new else {
            return Err(ChangePasswordError::Invalid(errors));
        };
        if !self.password_matches(account, current).await? {
            return Err(ChangePasswordError::WrongPassword);
        }
        let hash = self
            .hasher
            .hash(&new)
            .await
            .map_err(|e| ChangePasswordError::Unexpected(e.into()))?;
        self.store.change_password(account, hash).await?;
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(account),
                action: "account.password_changed".into(),
                subject: Some(account.to_string()),
                client: None,
            })
            .await?;
        Ok(())
    }

    pub async fn change_email(
        &self,
        account: AccountRef,
        email: &str,
        password: &str,
    ) -> Result<(), ChangeEmailError> {
        let email = Email::parse(email)
            .map_err(|e| ChangeEmailError::Invalid(FieldErrors::single("email", e.to_string())))?;
        if !self.password_matches(account, password).await? {
            return Err(ChangeEmailError::WrongPassword);
        }
        self.store.change_email(account, email).await?;
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(account),
                action: "account.email_changed".into(),
                subject: Some(account.to_string()),
                client: None,
            })
            .await?;
        Ok(())
    }
}
