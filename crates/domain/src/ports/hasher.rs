//! Password hashing (bcrypt in production); slow on purpose, so adapters run it off the async threads.

use crate::model::{Password, PasswordHash};
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError>;

    /// `Ok(false)` for a wrong password; `Err` only when the hash is unreadable.
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError>;

    /// A valid hash of no account's password at the configured cost, so that
    /// logging in with an unknown email takes as long as with a wrong password.
    fn dummy_hash(&self) -> PasswordHash;
}
