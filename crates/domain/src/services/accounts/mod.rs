//! Patient and staff accounts: registration, login, sessions, profile, credentials,
//! staff access.

mod credentials;
mod login;
mod profile;
mod register;
mod sessions;
mod staff;
mod throttle;

pub use credentials::{ChangeEmailError, ChangePasswordError};
pub use login::LoginError;
pub use profile::{ProfileError, ProfileForm};
pub use register::{RegisterError, RegistrationForm};
pub use sessions::{ActiveSession, SessionError, SessionKeys, SessionPolicy, Sessions};
pub use staff::{AdminError, StaffViewError};
pub use throttle::ThrottlePolicy;

use crate::ports::{AccountStore, AttemptStore, AuditLog, Clock, PasswordHasher};
use std::sync::Arc;

/// The account use cases, over the ports they need.
#[derive(Clone)]
pub struct Accounts {
    store: Arc<dyn AccountStore>,
    attempts: Arc<dyn AttemptStore>,
    audit: Arc<dyn AuditLog>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    throttle: ThrottlePolicy,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn AccountStore>,
        attempts: Arc<dyn AttemptStore>,
        audit: Arc<dyn AuditLog>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
        throttle: ThrottlePolicy,
    ) -> Self {
        Self {
            store,
            attempts,
            audit,
            hasher,
            clock,
            throttle,
        }
    }
}
