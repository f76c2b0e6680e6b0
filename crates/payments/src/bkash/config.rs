//! The bKash adapter's settings: base URL (with its version path), the four
//! credentials, the timeout.

use secrecy::SecretString;
use std::time::Duration;

/// Live tokenized checkout, v1.2.0-beta (§4.1).
pub const DEFAULT_BKASH_API_BASE: &str =
    "https://tokenized.pay.bka.sh/v1.2.0-beta/tokenized/checkout";

/// Sandbox tokenized checkout, v1.2.0-beta (§4.1).
pub const BKASH_SANDBOX_API_BASE: &str =
    "https://tokenized.sandbox.bka.sh/v1.2.0-beta/tokenized/checkout";

/// bKash's own plugin waits 29 s.
pub const DEFAULT_BKASH_TIMEOUT: Duration = Duration::from_secs(29);

/// What [`BkashGateway`](super::BkashGateway) needs. `Debug` shows secrets as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct BkashConfig {
    /// e.g. [`DEFAULT_BKASH_API_BASE`]; key `bkash.api_base`.
    pub api_base: String,
    /// `CONSULTA_BKASH__USERNAME`
    pub username: SecretString,
    /// `CONSULTA_BKASH__PASSWORD`
    pub password: SecretString,
    /// `CONSULTA_BKASH__APP_KEY`; also sent as `X-APP-Key` on every call.
    pub app_key: SecretString,
    /// `CONSULTA_BKASH__APP_SECRET`
    pub app_secret: SecretString,
    pub timeout: Duration,
}

impl BkashConfig {
    pub fn new(
        username: SecretString,
        password: SecretString,
        app_key: SecretString,
        app_secret: SecretString,
    ) -> Self {
        Self {
            api_base: DEFAULT_BKASH_API_BASE.to_owned(),
            username,
            password,
            app_key,
            app_secret,
            timeout: DEFAULT_BKASH_TIMEOUT,
        }
    }
}
