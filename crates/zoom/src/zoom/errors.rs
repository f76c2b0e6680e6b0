//! Zoom's failures translated once into the port's `MeetingError`.

use super::body::{RestError, TokenError};
use super::rate_limit::wait_after_429;
use consulta_domain::ports::MeetingError;
use jiff::Timestamp;
use reqwest::{Response, StatusCode};
use std::error::Error as _;

/// Zoom's code for "Invalid access token." / "Access token is expired.".
pub(super) const INVALID_TOKEN: i64 = 124;

/// Zoom's code for "Meeting does not exist".
pub(super) const NO_SUCH_MEETING: i64 = 3001;

/// A non-2xx answer: the status and Zoom's code, for the callers that treat
/// one of them specially, and the error it means otherwise.
#[derive(Debug)]
pub(super) struct Refusal {
    pub status: StatusCode,
    pub code: Option<i64>,
    pub error: MeetingError,
}

impl Refusal {
    /// Reads a REST error answer (`{"code", "message"}`).
    pub(super) async fn from_rest(response: Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let parsed = response
            .text()
            .await
            .ok()
            .and_then(|text| serde_json::from_str::<RestError>(&text).ok());
        let (code, message) = match parsed {
            Some(e) => (Some(e.code), e.message),
            None => (None, String::new()),
        };
        let text = match code {
            Some(code) => format!("Zoom {code}: {message}"),
            None => format!("Zoom answered HTTP {status}"),
        };
        let error = if status == StatusCode::TOO_MANY_REQUESTS {
            MeetingError::Temporary {
                message: text,
                retry_after: wait_after_429(&headers, &message, Timestamp::now()),
            }
        } else if retryable(status) {
            MeetingError::temporary(text)
        } else {
            MeetingError::Permanent(text)
        };
        Self {
            status,
            code,
            error,
        }
    }
}

/// Reads a token endpoint error (`{"error", "reason"}`): a 400 means the
/// credentials or the app type are wrong, and asking again will not help.
pub(super) async fn token_refusal(response: Response) -> MeetingError {
    let status = response.status();
    let headers = response.headers().clone();
    let parsed = response
        .text()
        .await
        .ok()
        .and_then(|text| serde_json::from_str::<TokenError>(&text).ok());
    let text = match &parsed {
        Some(e) => format!("Zoom token: {} ({})", e.reason, e.error),
        None => format!("Zoom token endpoint answered HTTP {status}"),
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        let reason = parsed.map(|e| e.reason).unwrap_or_default();
        MeetingError::Temporary {
            message: text,
            retry_after: wait_after_429(&headers, &reason, Timestamp::now()),
        }
    } else if retryable(status) {
        MeetingError::temporary(text)
    } else {
        MeetingError::Permanent(text)
    }
}

fn retryable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT
}

/// No answer at all (refused connection, timeout, cut stream): Zoom may be
/// back soon. Only a request we could not even build is our own mistake.
pub(super) fn transport(error: reqwest::Error) -> MeetingError {
    if error.is_builder() {
        return MeetingError::Permanent(format!("Zoom request could not be built: {error}"));
    }
    let what = if error.is_timeout() {
        "Zoom did not answer in time"
    } else if error.is_connect() {
        "cannot connect to Zoom"
    } else {
        "Zoom request failed"
    };
    MeetingError::temporary(format!("{what}: {}", with_causes(&error)))
}

/// A 2xx whose body is not what the contract says. Temporary: a create that
/// did happen is then found again by its marker rather than made twice.
pub(super) fn unreadable(what: &str, error: impl std::fmt::Display) -> MeetingError {
    MeetingError::temporary(format!("unreadable Zoom answer to {what}: {error}"))
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
