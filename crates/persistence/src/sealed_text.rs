//! Text encrypted with AES-256-GCM and bound to the row and column it belongs to.
//!
//! Stored form: "v1:" + base64(nonce (12 bytes) || ciphertext || tag). The
//! associated data is `record_key + ":" + column`, so a ciphertext copied onto
//! another row (another record_key) or column fails to decrypt instead of
//! showing someone else's data. The version prefix lets a later key replace it.

use crate::data_key::DataKey;
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use consulta_domain::ports::StoreError;
use rand::rngs::OsRng;
use rand::RngCore;

const VERSION_PREFIX: &str = "v1:";
const NONCE_BYTES: usize = 12;

/// The column name bound into every medical history ciphertext.
pub(crate) const PATIENT_MEDICAL_HISTORY: &str = "patients.medical_history";

/// The column name bound into every meeting passcode ciphertext.
pub(crate) const APPOINTMENT_MEETING_PASSCODE: &str = "appointments.meeting_passcode";

/// The record key of an appointment's sealed columns: its id never changes.
pub(crate) fn appointment_record_key(id: i64) -> String {
    format!("appointment:{id}")
}

fn cipher(key: &DataKey) -> Result<Aes256Gcm, StoreError> {
    Aes256Gcm::new_from_slice(key.expose())
        .map_err(|_| StoreError::Unexpected("the data key has the wrong length".into()))
}

fn associated_data(record_key: &str, column: &str) -> Vec<u8> {
    format!("{record_key}:{column}").into_bytes()
}

pub(crate) fn seal(
    key: &DataKey,
    record_key: &str,
    column: &str,
    plaintext: &str,
) -> Result<String, StoreError> {
    let mut nonce = [0u8; NONCE_BYTES];
    OsRng.fill_bytes(&mut nonce);
    let aad = associated_data(record_key, column);
    let ciphertext = cipher(key)?
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext.as_bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| StoreError::Unexpected(format!("could not encrypt {column}")))?;
    let mut sealed = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(format!("{VERSION_PREFIX}{}", STANDARD.encode(sealed)))
}

/// Errors never include the stored text or the plaintext.
pub(crate) fn open(
    key: &DataKey,
    record_key: &str,
    column: &str,
    stored: &str,
) -> Result<String, StoreError> {
    let unreadable = |why: &str| StoreError::Unexpected(format!("{column} {why}"));
    let encoded = stored
        .strip_prefix(VERSION_PREFIX)
        .ok_or_else(|| unreadable("has an unknown format version"))?;
    let sealed = STANDARD
        .decode(encoded)
        .map_err(|_| unreadable("is not valid base64"))?;
    if sealed.len() < NONCE_BYTES {
        return Err(unreadable("is truncated"));
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
    let aad = associated_data(record_key, column);
    let plaintext = cipher(key)?
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| unreadable("does not decrypt for this row with this key"))?;
    String::from_utf8(plaintext).map_err(|_| unreadable("is not UTF-8"))
}

/// A random id for a new row, used as its associated data.
pub(crate) fn new_record_key() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMN: &str = PATIENT_MEDICAL_HISTORY;

    #[test]
    fn sealed_text_opens_on_its_own_row_and_hides_the_plaintext() {
        let key = DataKey::generate();
        let sealed = seal(&key, "row-1", COLUMN, "Penicillin allergy").unwrap();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("Penicillin"));
        assert_eq!(
            open(&key, "row-1", COLUMN, &sealed).unwrap(),
            "Penicillin allergy"
        );
    }

    #[test]
    fn the_same_text_seals_differently_each_time() {
        let key = DataKey::generate();
        assert_ne!(
            seal(&key, "r", COLUMN, "same").unwrap(),
            seal(&key, "r", COLUMN, "same").unwrap()
        );
    }

    #[test]
    fn sealed_text_fails_on_another_row_column_or_key_or_when_altered() {
        let key = DataKey::generate();
        let sealed = seal(&key, "row-1", COLUMN, "Asthma").unwrap();
        let mut altered = sealed.clone();
        altered.replace_range(10..11, if &sealed[10..11] == "A" { "B" } else { "A" });
        let cases = [
            (
                DataKey::generate(),
                "row-1",
                COLUMN,
                sealed.clone(),
                "other key",
            ),
            (key.clone(), "row-2", COLUMN, sealed.clone(), "other row"),
            (
                key.clone(),
                "row-1",
                "patients.name",
                sealed.clone(),
                "other column",
            ),
            (key.clone(), "row-1", COLUMN, altered, "altered"),
            (key.clone(), "row-1", COLUMN, "Asthma".into(), "plaintext"),
            (key.clone(), "row-1", COLUMN, "v1:AAAA".into(), "truncated"),
        ];
        for (key, row, column, stored, why) in cases {
            assert!(
                matches!(
                    open(&key, row, column, &stored),
                    Err(StoreError::Unexpected(_))
                ),
                "{why}"
            );
        }
    }

    #[test]
    fn empty_text_is_sealed_like_any_other() {
        let key = DataKey::generate();
        let sealed = seal(&key, "r", COLUMN, "").unwrap();
        assert!(sealed.len() > "v1:".len());
        assert_eq!(open(&key, "r", COLUMN, &sealed).unwrap(), "");
    }
}
