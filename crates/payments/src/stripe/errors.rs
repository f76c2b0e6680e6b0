//! Stripe's error objects translated once into `PaymentError` (§2.4).

use crate::http::retryable;
use consulta_domain::ports::PaymentError;
use reqwest::{Response, StatusCode};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Envelope {
    error: ErrorObject,
}

#[derive(Debug, Deserialize)]
struct ErrorObject {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// A non-2xx answer. Temporary: 409, 429, 5xx, the legacy 400 `rate_limit`,
/// or `Stripe-Should-Retry: true`; `Stripe-Should-Retry: false` makes it final.
pub(super) async fn refusal(response: Response) -> PaymentError {
    let status = response.status();
    let should_retry = response
        .headers()
        .get("stripe-should-retry")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.eq_ignore_ascii_case("true"));
    let request_id = response
        .headers()
        .get("request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let error = response
        .text()
        .await
        .ok()
        .and_then(|text| serde_json::from_str::<Envelope>(&text).ok())
        .map(|e| e.error);
    let code = error.as_ref().and_then(|e| e.code.clone());
    let mut message = match &error {
        Some(e) => format!(
            "Stripe {status} {}{}: {}",
            e.kind,
            e.code
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default(),
            e.message.as_deref().unwrap_or("")
        ),
        None => format!("Stripe answered HTTP {status}"),
    };
    if let Some(id) = request_id {
        message.push_str(&format!(" (Request-Id {id})"));
    }
    let legacy_rate_limit =
        status == StatusCode::BAD_REQUEST && code.as_deref() == Some("rate_limit");
    let temporary = should_retry.unwrap_or(retryable(status) || legacy_rate_limit);
    if temporary {
        PaymentError::temporary(message)
    } else {
        PaymentError::Final { code, message }
    }
}
