//! Patient and staff accounts: registration, login, sessions, profile, credentials,
//! staff access, and the links mailed to verify an email or reset a password.

mod credentials;
mod links;
mod login;
mod password_reset;
mod profile;
mod register;
mod sessions;
mod staff;
mod throttle;
mod verification;

#[cfg(test)]
mod account_fakes;
#[cfg(test)]
mod link_fakes;
#[cfg(test)]
mod link_tests;

pub use credentials::{ChangeEmailError, ChangePasswordError};
pub use links::{AccountLinks, LinkPolicy};
pub use login::LoginError;
pub use password_reset::{ForgotPasswordError, ResetPasswordError};
pub use profile::{ProfileError, ProfileForm};
pub use register::{RegisterError, RegistrationForm};
pub use sessions::{ActiveSession, SessionError, SessionKeys, SessionPolicy, Sessions};
pub use staff::{AdminError, StaffViewError};
pub use throttle::ThrottlePolicy;
pub use verification::{MayBookError, ResendVerificationError, VerifyEmailError};

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
    links: AccountLinks,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn AccountStore>,
        attempts: Arc<dyn AttemptStore>,
        audit: Arc<dyn AuditLog>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
        throttle: ThrottlePolicy,
        links: AccountLinks,
    ) -> Self {
        Self {
            store,
            attempts,
            audit,
            hasher,
            clock,
            throttle,
            links,
        }
    }
}
