//! Razorpay's error envelope translated once into `PaymentError` (§3.7).

use crate::http::retryable;
use consulta_domain::ports::PaymentError;
use reqwest::Response;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Envelope {
    error: ErrorBody,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    field: Option<String>,
}

/// A non-2xx answer: 409, 429 and 5xx (or `SERVER_ERROR`) are worth a retry.
pub(super) async fn refusal(response: Response) -> PaymentError {
    let status = response.status();
    let error = response
        .text()
        .await
        .ok()
        .and_then(|text| serde_json::from_str::<Envelope>(&text).ok())
        .map(|e| e.error);
    let code = error.as_ref().and_then(|e| e.code.clone());
    let message = match &error {
        Some(e) => format!(
            "Razorpay {status} {}: {}{}",
            e.code.as_deref().unwrap_or(""),
            e.description.as_deref().unwrap_or(""),
            e.field
                .as_deref()
                .map(|f| format!(" (field {f})"))
                .unwrap_or_default()
        ),
        None => format!("Razorpay answered HTTP {status}"),
    };
    if retryable(status) || code.as_deref() == Some("SERVER_ERROR") {
        PaymentError::temporary(message)
    } else {
        PaymentError::Final { code, message }
    }
}
