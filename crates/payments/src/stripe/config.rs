//! The Stripe adapter's settings: API base, secret key, webhook secrets, timeouts.

use secrecy::SecretString;
use std::time::Duration;

/// Stripe's API base with its version path, the same for test and live keys.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com/v1";

/// Short enough that a payment page is not held up; a create that times out
/// is retried with the same Idempotency-Key and Stripe replays its answer.
pub const DEFAULT_STRIPE_TIMEOUT: Duration = Duration::from_secs(20);

/// The official libraries' default webhook tolerance (§2.7).
pub const DEFAULT_WEBHOOK_TOLERANCE: Duration = Duration::from_secs(300);

/// What [`StripeGateway`](super::StripeGateway) needs. `Debug` shows secrets as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// e.g. [`DEFAULT_STRIPE_API_BASE`]; key `stripe.api_base`.
    pub api_base: String,
    /// `sk_test_…` / `sk_live_…` (or restricted `rk_…`); `CONSULTA_STRIPE__SECRET_KEY`.
    pub secret_key: SecretString,
    /// The endpoint's signing secret `whsec_…`, used whole as the HMAC key;
    /// `CONSULTA_STRIPE__WEBHOOK_SECRET`.
    pub webhook_secret: SecretString,
    /// The previous signing secret while one is rolled, if any.
    pub previous_webhook_secret: Option<SecretString>,
    /// `Stripe-Version` to pin response shapes; `None` uses the account's default.
    pub api_version: Option<String>,
    /// Connect timeout and whole-request timeout, each.
    pub timeout: Duration,
    /// |now − t| allowed on a webhook's signed timestamp.
    pub webhook_tolerance: Duration,
}

impl StripeConfig {
    /// The secrets, with Stripe's public API base and the defaults.
    pub fn new(secret_key: SecretString, webhook_secret: SecretString) -> Self {
        Self {
            api_base: DEFAULT_STRIPE_API_BASE.to_owned(),
            secret_key,
            webhook_secret,
            previous_webhook_secret: None,
            api_version: None,
            timeout: DEFAULT_STRIPE_TIMEOUT,
            webhook_tolerance: DEFAULT_WEBHOOK_TOLERANCE,
        }
    }
}
