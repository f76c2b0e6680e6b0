//! Errors of opening and backing up the database, and the internal error
//! repositories translate into the domain's `StoreError` exactly once.

use consulta_domain::ports::{PaymentStoreError, StoreError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use std::path::PathBuf;

/// Why the database could not be opened, migrated or backed up.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("migrating the database failed: {0}")]
    Migration(String),
    #[error(
        "CONSULTA_DATA_KEY does not match the key this database was encrypted with \
         (fingerprint {given}, expected {expected})"
    )]
    DataKeyMismatch { given: String, expected: String },
    #[error("reading or writing patients needs the data key (CONSULTA_DATA_KEY)")]
    DataKeyMissing,
    #[error("backup to {path} failed: {reason}")]
    Backup { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a repository closure can fail with: a library error, or a business
/// outcome (e.g. `NotFound`) that must also roll the transaction back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DbError {
    #[error(transparent)]
    Diesel(#[from] DieselError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// A business rule refused the write; the transaction is rolled back.
    #[error("the write was refused: {0:?}")]
    Refused(Refusal),
    /// A payment write refused by a business rule; rolled back like `Refused`.
    #[error("the payment write was refused: {0:?}")]
    PaymentRefused(PaymentStoreError),
}

/// Why a booking-like write was refused inside its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    SlotTaken,
    PatientBusy,
    TooManyUpcoming,
    Changed,
}

impl DbError {
    /// SQLite gave up waiting for a lock (another process holds it past busy_timeout).
    pub(crate) fn is_busy(&self) -> bool {
        match self {
            DbError::Diesel(DieselError::DatabaseError(_, info)) => {
                let message = info.message();
                message.contains("database is locked") || message.contains("database is busy")
            }
            _ => false,
        }
    }
}

impl From<DbError> for StoreError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Store(store) => store,
            // The only unique columns an account write can hit are the
            // normalised emails (in patients, staff_users or account_emails).
            DbError::Diesel(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                info,
            )) if info.message().contains("email_normalized") => StoreError::EmailTaken,
            other => StoreError::Unexpected(other.to_string()),
        }
    }
}
