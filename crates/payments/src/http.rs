//! What every HTTP adapter shares: the client with its timeouts, base URLs
//! with paths appended, and failures to answer translated into `PaymentError`.

use crate::setup_error::SetupError;
use consulta_domain::ports::PaymentError;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use std::error::Error as _;
use std::time::Duration;
use url::Url;

pub(crate) fn client(
    provider: &'static str,
    timeout: Duration,
) -> Result<reqwest::Client, SetupError> {
    if timeout.is_zero() {
        return Err(SetupError::ZeroTimeout { provider });
    }
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .map_err(|e| SetupError::Client {
            provider,
            reason: e.to_string(),
        })
}

/// An http(s) base such as `https://api.stripe.com/v1`, its version path kept.
pub(crate) fn base_url(
    provider: &'static str,
    key: &'static str,
    text: &str,
) -> Result<Url, SetupError> {
    let bad = |reason: String| SetupError::BadBase {
        provider,
        key,
        reason,
    };
    let url = Url::parse(text.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(bad("expected an http(s) URL".into()));
    }
    Ok(url)
}

/// Refuses an empty secret at construction, naming its key.
pub(crate) fn required(
    provider: &'static str,
    key: &'static str,
    value: &SecretString,
) -> Result<(), SetupError> {
    if value.expose_secret().trim().is_empty() {
        return Err(SetupError::Missing { provider, key });
    }
    Ok(())
}

/// The base with `segments` appended, each percent-encoded (ids come from
/// outside and must not add path segments).
pub(crate) fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// Statuses worth retrying with the same idempotency key.
pub(crate) fn retryable(status: StatusCode) -> bool {
    status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::CONFLICT
        || status == StatusCode::REQUEST_TIMEOUT
}

/// No answer at all (timeout, refused connection, cut stream): Temporary.
/// Only a request that could not even be built is our own mistake.
pub(crate) fn transport(provider: &str, error: reqwest::Error) -> PaymentError {
    if error.is_builder() {
        return PaymentError::Final {
            code: None,
            message: format!("{provider} request could not be built: {error}"),
        };
    }
    let what = if error.is_timeout() {
        "did not answer in time"
    } else if error.is_connect() {
        "cannot be reached"
    } else {
        "request failed"
    };
    PaymentError::temporary(format!("{provider} {what}: {}", with_causes(&error)))
}

/// A 2xx whose body is not what the contract says. Temporary: asking again
/// (or looking the payment up) may well work.
pub(crate) fn unreadable(
    provider: &str,
    what: &str,
    error: impl std::fmt::Display,
) -> PaymentError {
    PaymentError::temporary(format!("unreadable {provider} answer to {what}: {error}"))
}

/// reqwest's own text stops at "error sending request"; the cause says why.
fn with_causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
