//! The error every store port returns; adapters translate their library errors into it once.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The normalised email already belongs to a patient or a member of staff.
    #[error("that email address is already registered")]
    EmailTaken,
    /// The record the call names does not exist.
    #[error("record not found")]
    NotFound,
    /// Anything else: the database is unreachable, a row is corrupt, a key does not decrypt.
    #[error("storage failure: {0}")]
    Unexpected(String),
}
