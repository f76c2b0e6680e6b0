//! The ports: what the use cases need from the outside world, implemented by adapters.

mod accounts;
mod attempts;
mod audit;
mod clock;
mod error;
mod hasher;
mod sessions;

pub use accounts::{AccountStore, LoginRecord, PatientPage};
pub use attempts::{AttemptKind, AttemptStore, AttemptWindow};
pub use audit::{AuditEntry, AuditLog};
pub use clock::Clock;
pub use error::StoreError;
pub use hasher::{HashError, PasswordHasher};
pub use sessions::{NewSession, SessionRecord, SessionStore};
