//! A provider's webhook: verified first (a bad one changes nothing), then
//! applied once by its event id.

use super::Payments;
use crate::model::{PaymentId, Provider};
use crate::ports::{
    EventEffect, EventOutcome, PaymentStoreError, VerifiedWebhook, WebhookRejected, WebhookRequest,
};
use crate::services::Cause;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// Verified, but an event type Consulta does not act on.
    Ignored,
    /// Delivered before: nothing changed.
    AlreadyApplied,
    Applied {
        payment: PaymentId,
        effect: EventEffect,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// Not believed: answer 400, nothing was written.
    #[error(transparent)]
    Rejected(#[from] WebhookRejected),
    #[error("webhooks from that provider are not accepted here")]
    ProviderNotOffered,
    /// Verified, but about no payment of ours: answer 200 so it is not resent.
    #[error("the event names no payment known here")]
    UnknownPayment,
    #[error("the webhook could not be applied")]
    Unexpected(#[source] Cause),
}

impl Payments {
    pub async fn apply_webhook(
        &self,
        provider: Provider,
        request: &WebhookRequest,
    ) -> Result<WebhookOutcome, WebhookError> {
        let gateway = self
            .ports
            .gateways
            .get(provider)
            .ok_or(WebhookError::ProviderNotOffered)?;
        let now = self.ports.clock.now();
        let event = match gateway.verify_webhook(request, now).await? {
            VerifiedWebhook::Event(event) => event,
            VerifiedWebhook::Ignored { .. } => return Ok(WebhookOutcome::Ignored),
        };
        match self.settle(provider, event).await {
            Ok(EventOutcome::AlreadyApplied) => Ok(WebhookOutcome::AlreadyApplied),
            Ok(EventOutcome::Recorded { payment, effect }) => Ok(WebhookOutcome::Applied {
                payment: payment.payment.id,
                effect,
            }),
            Err(PaymentStoreError::PaymentNotFound) => Err(WebhookError::UnknownPayment),
            Err(other) => Err(WebhookError::Unexpected(other.into())),
        }
    }
}
