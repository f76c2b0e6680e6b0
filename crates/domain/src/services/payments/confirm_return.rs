//! The patient back from the provider: the payment is found by the
//! provider's own parameters (never the session cookie), and believed only
//! once the provider proves it.

use super::Payments;
use crate::model::Provider;
use crate::ports::{
    EventEffect, EventOutcome, PaymentError, PaymentRecord, PaymentStoreError, ReturnParams,
};
use crate::services::Cause;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The payment as it stands after the proof.
    pub payment: PaymentRecord,
    /// What the proof changed; `None` when it was settled before.
    pub effect: Option<EventEffect>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    #[error("that payment provider is not offered")]
    ProviderNotOffered,
    /// Parameters naming no checkout of ours (a bKash paymentID never
    /// created here): answer 4xx, nothing changed.
    #[error("no payment matches this return")]
    UnknownCheckout,
    /// The proof does not hold (a bad Razorpay signature): nothing marked.
    #[error("the payment could not be verified")]
    Unproven,
    /// The provider did not answer: the webhook or reconciliation will settle it.
    #[error("the payment provider is not answering")]
    ProviderUnavailable,
    #[error("the return could not be handled")]
    Unexpected(#[source] Cause),
}

impl Payments {
    pub async fn confirm_return(
        &self,
        provider: Provider,
        params: &ReturnParams,
    ) -> Result<Returned, ReturnError> {
        let gateway = self
            .ports
            .gateways
            .get(provider)
            .ok_or(ReturnError::ProviderNotOffered)?;
        let reference = gateway
            .return_ref(params)
            .ok_or(ReturnError::UnknownCheckout)?;
        let record = self
            .ports
            .store
            .payment_by_ref(provider, &reference)
            .await
            .map_err(|e| ReturnError::Unexpected(e.into()))?
            .ok_or(ReturnError::UnknownCheckout)?;
        // Settled already (by the webhook, or a reload of this page): asking
        // again would make bKash execute twice.
        if record.payment.state.was_paid() {
            return Ok(Returned {
                payment: record,
                effect: None,
            });
        }
        let mut event = gateway
            .confirm_return(&reference, params)
            .await
            .map_err(|error| match error {
                PaymentError::Unproven(_) => ReturnError::Unproven,
                PaymentError::Temporary { .. } => ReturnError::ProviderUnavailable,
                other => ReturnError::Unexpected(other.into()),
            })?;
        event.payment = Some(record.payment.id);
        event.provider_ref = Some(reference);
        match self.settle(provider, event).await {
            Ok(EventOutcome::Recorded { payment, effect }) => Ok(Returned {
                payment: *payment,
                effect: Some(effect),
            }),
            Ok(EventOutcome::AlreadyApplied) => Ok(Returned {
                payment: record,
                effect: None,
            }),
            Err(PaymentStoreError::PaymentNotFound) => Err(ReturnError::UnknownCheckout),
            Err(other) => Err(ReturnError::Unexpected(other.into())),
        }
    }
}
