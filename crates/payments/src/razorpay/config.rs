//! The Razorpay adapter's settings: API base, key id and secrets, timeouts.

use secrecy::SecretString;
use std::time::Duration;

/// Razorpay's API base with its version path, the same for test and live keys.
pub const DEFAULT_RAZORPAY_API_BASE: &str = "https://api.razorpay.com/v1";

/// Hosted Checkout: a plain form POST, works without JavaScript (§3.3).
pub const DEFAULT_RAZORPAY_HOSTED_CHECKOUT: &str = "https://api.razorpay.com/v1/checkout/embedded";

/// The Standard Checkout script; its host goes into the payment page's CSP only.
pub const RAZORPAY_CHECKOUT_SCRIPT: &str = "https://checkout.razorpay.com/v1/checkout.js";

pub const DEFAULT_RAZORPAY_TIMEOUT: Duration = Duration::from_secs(20);

/// Razorpay retries a delivery for 24 hours from the event's creation (§3.9):
/// a body older than that is suspect.
pub const DEFAULT_RAZORPAY_WEBHOOK_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// What [`RazorpayGateway`](super::RazorpayGateway) needs. `Debug` shows secrets as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct RazorpayConfig {
    /// e.g. [`DEFAULT_RAZORPAY_API_BASE`]; key `razorpay.api_base`.
    pub api_base: String,
    /// Where the hosted checkout form is POSTed.
    pub hosted_checkout_url: String,
    /// `rzp_test_…` / `rzp_live_…`; the browser sees it. `CONSULTA_RAZORPAY__KEY_ID`.
    pub key_id: String,
    /// Basic auth password and the payment signature key. `CONSULTA_RAZORPAY__KEY_SECRET`.
    pub key_secret: SecretString,
    /// Separate from the key secret. `CONSULTA_RAZORPAY__WEBHOOK_SECRET`.
    pub webhook_secret: SecretString,
    /// Retries of older events stay signed with the old secret after a change.
    pub previous_webhook_secret: Option<SecretString>,
    pub timeout: Duration,
    /// A webhook whose `created_at` is further from now than this is stale.
    pub webhook_max_age: Duration,
}

impl RazorpayConfig {
    pub fn new(key_id: String, key_secret: SecretString, webhook_secret: SecretString) -> Self {
        Self {
            api_base: DEFAULT_RAZORPAY_API_BASE.to_owned(),
            hosted_checkout_url: DEFAULT_RAZORPAY_HOSTED_CHECKOUT.to_owned(),
            key_id,
            key_secret,
            webhook_secret,
            previous_webhook_secret: None,
            timeout: DEFAULT_RAZORPAY_TIMEOUT,
            webhook_max_age: DEFAULT_RAZORPAY_WEBHOOK_MAX_AGE,
        }
    }
}
