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

use crate::model::{Password, PasswordError};
use crate::ports::{AccountStore, AttemptStore, AuditLog, Clock, PasswordHasher};
use crate::validation::FieldErrors;
use std::sync::Arc;

/// A new password and its repetition: what is wrong with the password stands
/// under `field`, "do not match" under `confirm_field`, where the person typed
/// the repetition.
fn new_password(
    errors: &mut FieldErrors,
    field: &'static str,
    confirm_field: &'static str,
    input: &str,
    confirmation: &str,
) -> Option<Password> {
    let password = errors.check(field, Password::parse(input))?;
    if input != confirmation {
        errors.add(confirm_field, PasswordError::Mismatch.to_string());
        return None;
    }
    Some(password)
}

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
