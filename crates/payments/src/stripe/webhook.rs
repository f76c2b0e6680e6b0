//! Stripe webhooks: the Stripe-Signature header checked over the raw body
//! (§2.7), then the events the system handles typed (§2.8).

use super::body::{Event, Refund, Session};
use crate::signature::verify_timestamped;
use consulta_domain::ports::{PaymentEventKind, VerifiedWebhook, WebhookRejected, WebhookRequest};
use jiff::Timestamp;
use secrecy::SecretString;
use std::time::Duration;

pub(super) const SIGNATURE_HEADER: &str = "Stripe-Signature";

pub(super) fn verify(
    request: &WebhookRequest,
    secrets: &[&SecretString],
    now: Timestamp,
    tolerance: Duration,
) -> Result<VerifiedWebhook, WebhookRejected> {
    verify_timestamped(
        SIGNATURE_HEADER,
        request.header(SIGNATURE_HEADER),
        &request.body,
        secrets,
        now,
        tolerance,
    )?;
    let event: Event = serde_json::from_slice(&request.body)
        .map_err(|e| WebhookRejected::Malformed(e.to_string()))?;
    typed(event)
}

fn typed(event: Event) -> Result<VerifiedWebhook, WebhookRejected> {
    let malformed = |e: String| WebhookRejected::Malformed(e);
    let session = |event: &Event| -> Result<Session, WebhookRejected> {
        serde_json::from_value(event.data.object.clone()).map_err(|e| malformed(e.to_string()))
    };
    let id = Some(event.id.clone());
    let typed = match event.kind.as_str() {
        // An `unpaid` completion (a delayed method) stays Pending.
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            session(&event)?.event(id).map_err(malformed)?
        }
        "checkout.session.async_payment_failed" => session(&event)?.with_kind(
            id,
            PaymentEventKind::Failed {
                reason: "the delayed payment failed".into(),
            },
        ),
        "checkout.session.expired" => session(&event)?.with_kind(id, PaymentEventKind::Expired),
        "refund.created" | "refund.updated" | "refund.failed" => {
            let refund: Refund = serde_json::from_value(event.data.object.clone())
                .map_err(|e| malformed(e.to_string()))?;
            refund.event(event.id.clone()).map_err(malformed)?
        }
        _ => {
            return Ok(VerifiedWebhook::Ignored {
                event_id: id,
                event_type: event.kind,
            })
        }
    };
    Ok(VerifiedWebhook::Event(typed))
}
