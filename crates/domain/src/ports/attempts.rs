//! Counters of login failures and registrations, kept in the database so that
//! throttling survives restarts, works across web nodes, and needs no cookie.

use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    LoginFailure,
    Registration,
    /// A password reset asked for, registered email or not.
    PasswordReset,
    /// A verification link sent again.
    VerificationMail,
}

impl AttemptKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            AttemptKind::LoginFailure => "login_failure",
            AttemptKind::Registration => "registration",
            AttemptKind::PasswordReset => "password_reset",
            AttemptKind::VerificationMail => "verification_mail",
        }
    }
}

/// How many attempts matched, and when the oldest of them happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptWindow {
    pub count: i64,
    pub oldest: Option<Timestamp>,
}

#[async_trait]
pub trait AttemptStore: Send + Sync {
    /// `account_key` is the normalised email for logins, `None` for registrations;
    /// `client` the client's address.
    async fn record_attempt(
        &self,
        kind: AttemptKind,
        account_key: Option<&str>,
        client: &str,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Attempts of `kind` at or after `since`, filtered by account and/or client
    /// when given.
    async fn count_attempts(
        &self,
        kind: AttemptKind,
        account_key: Option<&str>,
        client: Option<&str>,
        since: Timestamp,
    ) -> Result<AttemptWindow, StoreError>;

    /// Forgets the failures of one account from one client (after a successful login).
    async fn clear_attempts(
        &self,
        kind: AttemptKind,
        account_key: &str,
        client: &str,
    ) -> Result<(), StoreError>;
}
