//! The 32-byte key that encrypts medical data at rest, and its public fingerprint.

use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;

pub const DATA_KEY_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataKeyError {
    #[error("the data key is not valid base64")]
    NotBase64,
    #[error("the data key must be 32 bytes, base64-encoded (got {0} bytes)")]
    WrongLength(usize),
}

/// An AES-256 key. Cheap to clone; `Debug` never shows it, and its memory is
/// wiped when the last clone is dropped.
#[derive(Clone)]
pub struct DataKey(Arc<SecretBox<[u8; DATA_KEY_BYTES]>>);

impl DataKey {
    pub fn from_bytes(bytes: [u8; DATA_KEY_BYTES]) -> Self {
        Self(Arc::new(SecretBox::new(Box::new(bytes))))
    }

    /// Reads the key as given in CONSULTA_DATA_KEY (standard or URL-safe
    /// base64, surrounding whitespace ignored).
    pub fn from_base64(encoded: &str) -> Result<Self, DataKeyError> {
        let encoded = encoded.trim();
        let decoded = STANDARD
            .decode(encoded)
            .or_else(|_| URL_SAFE.decode(encoded))
            .map_err(|_| DataKeyError::NotBase64)?;
        let bytes: [u8; DATA_KEY_BYTES] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| DataKeyError::WrongLength(decoded.len()))?;
        Ok(Self::from_bytes(bytes))
    }

    /// A fresh random key, for a first start with no key configured.
    pub fn generate() -> Self {
        let mut bytes = [0u8; DATA_KEY_BYTES];
        OsRng.fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }

    /// The key in standard base64, to be written where the operator keeps it.
    pub fn to_base64(&self) -> SecretString {
        SecretString::from(STANDARD.encode(self.expose()))
    }

    /// Identifies the key without revealing it: the first 16 hex digits of
    /// SHA-256("consulta-data-key-v1" || key). Safe to log and to store.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"consulta-data-key-v1");
        hasher.update(self.expose());
        let mut hex = hex::encode(hasher.finalize());
        hex.truncate(16);
        hex
    }

    pub(crate) fn expose(&self) -> &[u8; DATA_KEY_BYTES] {
        self.0.expose_secret()
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn a_key_round_trips_through_base64() {
        let key = DataKey::generate();
        let again = DataKey::from_base64(key.to_base64().expose_secret()).unwrap();
        assert_eq!(key.expose(), again.expose());
        assert_eq!(key.fingerprint(), again.fingerprint());
    }

    #[test]
    fn bad_keys_are_rejected_with_the_reason() {
        assert_eq!(
            DataKey::from_base64("not base64!").err(),
            Some(DataKeyError::NotBase64)
        );
        assert_eq!(
            DataKey::from_base64(&STANDARD.encode([1u8; 16])).err(),
            Some(DataKeyError::WrongLength(16))
        );
    }

    #[test]
    fn the_fingerprint_is_short_hex_and_differs_between_keys() {
        let a = DataKey::from_bytes([1; 32]);
        let b = DataKey::from_bytes([2; 32]);
        assert_eq!(a.fingerprint().len(), 16);
        assert!(a.fingerprint().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = DataKey::from_bytes([0xab; 32]);
        let shown = format!("{key:?}");
        assert_eq!(shown, "DataKey(<redacted>)");
    }
}
