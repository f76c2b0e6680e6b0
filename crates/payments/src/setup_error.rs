//! Why a gateway cannot be built from its configuration: one line naming the key.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("{provider}.{key} is not set")]
    Missing {
        provider: &'static str,
        key: &'static str,
    },
    #[error("{provider}.{key} is not a usable base URL: {reason}")]
    BadBase {
        provider: &'static str,
        key: &'static str,
        reason: String,
    },
    #[error("{provider}.timeout must be more than zero")]
    ZeroTimeout { provider: &'static str },
    #[error("{provider} does not take {currency}")]
    UnsupportedCurrency {
        provider: &'static str,
        currency: String,
    },
    #[error("{provider}: HTTP client could not be built: {reason}")]
    Client {
        provider: &'static str,
        reason: String,
    },
}
