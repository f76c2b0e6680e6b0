//! Small shared helpers: random tokens, hashing, the system clock, bcrypt.

use async_trait::async_trait;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use consulta_domain::model::{Password, PasswordHash};
use consulta_domain::ports::{Clock, HashError, PasswordHasher};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Lower-case hex SHA-256: how session tokens are stored.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// bcrypt, always on the blocking pool. Passwords reach it at most 72 bytes
/// long and without NUL (the domain refuses others), so bcrypt's truncation
/// never applies; its non-truncating variants refuse exactly 72 bytes.
pub struct BcryptHasher {
    cost: u32,
    dummy: PasswordHash,
}

impl BcryptHasher {
    pub fn new(cost: u32) -> Result<Self, HashError> {
        let dummy = bcrypt::hash(random_token(), cost).map_err(|e| HashError(e.to_string()))?;
        Ok(Self {
            cost,
            dummy: PasswordHash::new(dummy),
        })
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, bcrypt::BcryptError> + Send + 'static,
) -> Result<T, HashError> {
    let span = tracing::Span::current();
    match tokio::task::spawn_blocking(move || span.in_scope(work)).await {
        Ok(result) => result.map_err(|e| HashError(e.to_string())),
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(join) => Err(HashError(join.to_string())),
    }
}

#[async_trait]
impl PasswordHasher for BcryptHasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        let password = password.expose().to_owned();
        let cost = self.cost;
        blocking(move || bcrypt::hash(password, cost))
            .await
            .map(PasswordHash::new)
    }

    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        let password = password.expose().to_owned();
        let hash = hash.as_str().to_owned();
        blocking(move || bcrypt::verify(password, &hash)).await
    }

    fn dummy_hash(&self) -> PasswordHash {
        self.dummy.clone()
    }
}
