//! Single-use links by mail: the store keeps each token's hash and state, and
//! writes it with the change that needs it and the job that mails it; the
//! secrets port makes and hashes the links' secrets outside the core.

use crate::model::{
    AccountRef, AccountToken, AccountTokenId, NewAccountToken, NewJob, NewPatient, PasswordHash,
    PatientId,
};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// The secrets of links. The core draws no random numbers and holds no key.
pub trait TokenSecrets: Send + Sync {
    /// An id for a new token, unpredictable so that ids reveal nothing.
    fn new_id(&self) -> AccountTokenId;

    /// The secret in the link of token `id`, derived from a server key, so
    /// that the job mailing it later can rebuild it and the store keeps
    /// only its hash. At least 128 bits, URL-safe.
    fn secret(&self, id: AccountTokenId) -> String;

    /// What the store keeps of a secret (lower-case hex SHA-256).
    fn hash(&self, secret: &str) -> String;
}

/// A password reset request as the throttle counts it.
#[derive(Debug, Clone)]
pub struct ResetRequest {
    /// The normalised email typed, registered or not.
    pub email_key: String,
    pub client: String,
    pub at: Timestamp,
}

#[async_trait]
pub trait AccountTokenStore: Send + Sync {
    /// Stores a new patient with their verification token and the jobs that
    /// mail it, in one transaction. The token, and jobs naming no account,
    /// belong to the new patient.
    /// Errors: `EmailTaken` as for `AccountStore::create_patient`.
    async fn register_patient(
        &self,
        patient: NewPatient,
        password_hash: PasswordHash,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        at: Timestamp,
    ) -> Result<PatientId, StoreError>;

    /// Records a reset request for the throttle and, when the email is an
    /// account's, that account's token and the jobs that mail it: one write
    /// whether or not the email exists, so both answers take as long.
    async fn request_reset(
        &self,
        request: ResetRequest,
        issue: Option<(AccountRef, NewAccountToken, Vec<NewJob>)>,
    ) -> Result<(), StoreError>;

    /// Stores a token for `account` with the jobs that mail it, in one write.
    /// Errors: `NotFound` when the account does not exist.
    async fn issue_token(
        &self,
        account: AccountRef,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    async fn token(&self, id: AccountTokenId) -> Result<Option<AccountToken>, StoreError>;

    async fn token_by_hash(&self, token_hash: &str) -> Result<Option<AccountToken>, StoreError>;

    /// Uses a live reset token (unused, unexpired at `now`, still addressed):
    /// sets the new hash, ends every session of the account and spends every
    /// reset token of it, in one transaction. Returns the account.
    /// Errors: `NotFound` when no live reset token has this hash.
    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: PasswordHash,
        now: Timestamp,
    ) -> Result<AccountRef, StoreError>;

    /// Uses a live verify token and marks the patient's email verified (the
    /// first confirmation's time is kept). Returns the patient.
    /// Errors: `NotFound` when no live verify token has this hash.
    async fn verify_email(&self, token_hash: &str, now: Timestamp)
        -> Result<PatientId, StoreError>;

    /// When the patient confirmed their current email, if they have.
    /// Errors: `NotFound`.
    async fn email_verified_at(&self, patient: PatientId) -> Result<Option<Timestamp>, StoreError>;
}
