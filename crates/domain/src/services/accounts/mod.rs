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
