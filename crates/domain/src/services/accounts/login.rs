//! Logging in, for patients and staff alike.

use super::Accounts;
use crate::model::{AccountRef, Email, Password};
use crate::ports::{AttemptKind, AuditEntry, StoreError};
use crate::services::Cause;

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown email or wrong password: the two are never told apart.
    #[error("the email or password is wrong")]
    InvalidCredentials,
    /// The password matched an account an admin deactivated.
    #[error("this account is deactivated")]
    Deactivated,
    #[error("too many failed attempts; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for LoginError {
    fn from(error: StoreError) -> Self {
        LoginError::Unexpected(error.into())
    }
}

impl Accounts {
    /// Checks the credentials. An unknown email costs a bcrypt verification too,
    /// so the answer's timing does not reveal which accounts exist.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: &str,
    ) -> Result<AccountRef, LoginError> {
        let now = self.clock.now();
        let account_key = email.trim().to_lowercase();
        if let Some(minutes) = self
            .throttle
            .login_wait(self.attempts.as_ref(), &account_key, client, now)
            .await?
        {
            return Err(LoginError::Throttled { minutes });
        }

        let record = match Email::parse(email) {
            Ok(email) => self.store.find_login(&email).await?,
            Err(_) => None,
        };
        let verified = match Password::for_login(password) {
            Ok(password) => {
                let hash = record
                    .as_ref()
                    .map(|r| r.password_hash.clone())
                    .unwrap_or_else(|| self.hasher.dummy_hash());
                let matches = self
                    .hasher
                    .verify(&password, &hash)
                    .await
                    .map_err(|e| LoginError::Unexpected(e.into()))?;
                matches && record.is_some()
            }
            Err(_) => false,
        };

        match record {
            Some(record) if verified => {
                self.attempts
                    .clear_attempts(AttemptKind::LoginFailure, &account_key, client)
                    .await?;
                // Told only to whoever knows the password.
                if record.deactivated {
                    return Err(LoginError::Deactivated);
                }
                if let AccountRef::Staff(_) = record.account {
                    self.audit
                        .record(AuditEntry {
                            at: now,
                            actor: Some(record.account),
                            action: "staff.logged_in".into(),
                            subject: Some(record.account.to_string()),
                            client: Some(client.to_owned()),
                        })
                        .await?;
                }
                Ok(record.account)
            }
            _ => {
                self.attempts
                    .record_attempt(AttemptKind::LoginFailure, Some(&account_key), client, now)
                    .await?;
                Err(LoginError::InvalidCredentials)
            }
        }
    }
}
