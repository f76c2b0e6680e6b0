//! One bKash call: the headers every call carries, and bKash's answers read
//! through both error envelopes, business errors arriving inside HTTP 200 (§4.9).

use crate::http::{retryable, transport};
use consulta_domain::ports::PaymentError;
use reqwest::StatusCode;
use serde_json::Value;

pub(super) const NAME: &str = "bKash";

/// Codes bKash's portal says to answer by asking again later.
const TEMPORARY_CODES: [&str; 1] = ["503"];

/// Codes after which the payment's state is unknown until payment/status says it.
pub(super) const QUERY_CODES: [&str; 7] = ["2003", "2029", "2056", "2062", "2117", "2068", "2069"];

/// What came back from a call that did not succeed.
#[derive(Debug)]
pub(super) enum Failure {
    /// HTTP 401: the id_token is invalid or expired.
    Unauthorized,
    /// No usable answer: timeout, connection, 5xx, a body that is not JSON.
    NoAnswer(PaymentError),
    /// bKash answered and refused: `statusCode` ≠ `0000`, or `errorCode`.
    Refused { code: String, message: String },
}

impl Failure {
    pub(super) fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    pub(super) fn into_error(self) -> PaymentError {
        match self {
            Self::Unauthorized => PaymentError::Final {
                code: Some("401".into()),
                message: "bKash refused the token even after renewing it".into(),
            },
            Self::NoAnswer(error) => error,
            Self::Refused { code, message } => {
                let message = format!("bKash {code}: {message}");
                if TEMPORARY_CODES.contains(&code.as_str()) {
                    PaymentError::temporary(message)
                } else {
                    PaymentError::Final {
                        code: Some(code),
                        message,
                    }
                }
            }
        }
    }
}

/// Sends a prepared request and reads bKash's envelope.
pub(super) async fn send(request: reqwest::RequestBuilder) -> Result<Value, Failure> {
    let response = request
        .send()
        .await
        .map_err(|e| Failure::NoAnswer(transport(NAME, e)))?;
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        return Err(Failure::Unauthorized);
    }
    let text = response
        .text()
        .await
        .map_err(|e| Failure::NoAnswer(transport(NAME, e)))?;
    let body: Option<Value> = serde_json::from_str(&text).ok();
    if !status.is_success() {
        if let Some(refusal) = body.as_ref().and_then(refusal) {
            return Err(refusal);
        }
        let message = format!("bKash answered HTTP {status}");
        return Err(if retryable(status) {
            Failure::NoAnswer(PaymentError::temporary(message))
        } else {
            Failure::Refused {
                code: status.as_u16().to_string(),
                message,
            }
        });
    }
    let body = body.ok_or_else(|| {
        Failure::NoAnswer(PaymentError::temporary(
            "bKash answered with a body that is not JSON",
        ))
    })?;
    match refusal(&body) {
        Some(refusal) => Err(refusal),
        None => Ok(body),
    }
}

/// `{"statusCode": ≠ "0000", "statusMessage"}` or `{"errorCode", "errorMessage"}`.
fn refusal(body: &Value) -> Option<Failure> {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(code) = text("errorCode").or_else(|| text("internalCode")) {
        let message = text("errorMessage")
            .or_else(|| text("errorMessageEn"))
            .unwrap_or_default();
        return Some(Failure::Refused { code, message });
    }
    match text("statusCode") {
        Some(code) if code != "0000" => Some(Failure::Refused {
            code,
            message: text("statusMessage").unwrap_or_default(),
        }),
        _ => None,
    }
}
