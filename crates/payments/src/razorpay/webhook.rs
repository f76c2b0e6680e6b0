//! Razorpay webhooks: X-Razorpay-Signature over the raw body, the event id
//! header as the dedup key, `created_at` for staleness (§3.9).

use super::body::WebhookBody;
use crate::signature::hmac_matches;
use consulta_domain::ports::{VerifiedWebhook, WebhookRejected, WebhookRequest};
use jiff::Timestamp;
use secrecy::SecretString;
use std::time::Duration;

const SIGNATURE_HEADER: &str = "X-Razorpay-Signature";
const EVENT_ID_HEADER: &str = "X-Razorpay-Event-Id";

pub(super) fn verify(
    request: &WebhookRequest,
    secrets: &[&SecretString],
    now: Timestamp,
    max_age: Duration,
) -> Result<VerifiedWebhook, WebhookRejected> {
    let signature = request
        .header(SIGNATURE_HEADER)
        .ok_or(WebhookRejected::MissingHeader(SIGNATURE_HEADER))?;
    if !secrets
        .iter()
        .any(|secret| hmac_matches(secret, &[&request.body], signature))
    {
        return Err(WebhookRejected::BadSignature);
    }
    let event_id = request
        .header(EVENT_ID_HEADER)
        .ok_or(WebhookRejected::MissingHeader(EVENT_ID_HEADER))?
        .to_owned();
    let body: WebhookBody = serde_json::from_slice(&request.body)
        .map_err(|e| WebhookRejected::Malformed(e.to_string()))?;
    // Nothing in the signature dates the body: its created_at does.
    if now.as_second().abs_diff(body.created_at) > max_age.as_secs() {
        return Err(WebhookRejected::StaleTimestamp);
    }
    match body
        .event(event_id.clone())
        .map_err(WebhookRejected::Malformed)?
    {
        Some(event) => Ok(VerifiedWebhook::Event(event)),
        None => Ok(VerifiedWebhook::Ignored {
            event_id: Some(event_id),
            event_type: body.event,
        }),
    }
}
