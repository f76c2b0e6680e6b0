//! The secrets of mailed links: HMAC-SHA256 of the token's id under a key
//! derived from the data key, so a job can rebuild a link it mails later
//! while the database keeps only the link's hash.

use crate::config::Settings;
use crate::data_key::load_data_key;
use crate::startup::StartupError;
use crate::support::sha256_hex;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use consulta_domain::model::AccountTokenId;
use consulta_domain::ports::TokenSecrets;
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub(crate) struct HmacTokenSecrets {
    /// Keyed once; each secret is computed on a clone.
    mac: Hmac<Sha256>,
}

impl HmacTokenSecrets {
    pub fn new(key: [u8; 32]) -> Result<Self, StartupError> {
        let mac = Hmac::<Sha256>::new_from_slice(&key)
            .map_err(|e| StartupError::Other(format!("link secrets: {e}")))?;
        Ok(Self { mac })
    }
}

impl TokenSecrets for HmacTokenSecrets {
    fn new_id(&self) -> AccountTokenId {
        // 62 random bits: positive, and a collision is never seen in practice
        // (a unique key refuses one anyway).
        let raw = (rand::rngs::OsRng.next_u64() >> 2) as i64;
        AccountTokenId::new(raw.max(1))
    }

    fn secret(&self, id: AccountTokenId) -> String {
        // 256 bits no one can compute without the key.
        let mut mac = self.mac.clone();
        mac.update(b"consulta-account-token-v1:");
        mac.update(&id.get().to_be_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    fn hash(&self, secret: &str) -> String {
        sha256_hex(secret)
    }
}

/// The link secrets, keyed from the data key (its own derivation, so this
/// key opens no medical history and no meeting room).
pub fn token_secrets(settings: &Settings) -> Result<Arc<dyn TokenSecrets>, StartupError> {
    let key = load_data_key(settings)?;
    let mut hasher = Sha256::new();
    hasher.update(b"consulta-account-tokens-v1:");
    hasher.update(key.to_base64().expose_secret().as_bytes());
    Ok(Arc::new(HmacTokenSecrets::new(hasher.finalize().into())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_stable_per_id_and_key_and_unlike_any_other() {
        let one = HmacTokenSecrets::new([1; 32]).unwrap();
        let other_key = HmacTokenSecrets::new([2; 32]).unwrap();
        let id = AccountTokenId::new(42);
        assert_eq!(
            one.secret(id),
            one.secret(id),
            "the job rebuilds the mailed link"
        );
        assert_ne!(one.secret(id), one.secret(AccountTokenId::new(43)));
        assert_ne!(one.secret(id), other_key.secret(id), "no key, no link");
        assert_eq!(one.secret(id).len(), 43, "256 bits, URL-safe base64");
        assert_ne!(
            one.hash(&one.secret(id)),
            one.secret(id),
            "only the hash is stored"
        );
        assert!(one.new_id().get() > 0);
    }
}
