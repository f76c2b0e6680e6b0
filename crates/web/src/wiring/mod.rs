//! Building the adapters from configuration, one module per port family, and
//! the use cases' policies (`services`). Each picks its implementation from
//! the settings and fails start-up with one line naming the key at fault.

mod account_tokens;
mod mail;
mod meetings;
mod payments;
mod services;

pub use account_tokens::token_secrets;
pub use mail::mailer;
pub use meetings::meeting_provider;
pub use payments::{payment_gateways, simulated_gateway};
pub use services::notice_policy;
pub use services::{booking_policy, job_runner, payments_service};

use crate::config::ConfigError;

/// A setting that is required by the chosen provider but empty.
fn missing(key: &str, because: &str) -> ConfigError {
    ConfigError(format!("`{key}` must be set {because}"))
}
