//! Closing the checkout of a hold that ran out, where the provider allows
//! it (Stripe expires the session), so the patient can no longer pay for a
//! slot that is gone; its expiry event then cancels the payment.

use super::Payments;
use crate::model::{AppointmentId, PaymentState};
use crate::ports::PaymentError;
use crate::services::Cause;
use jiff::SignedDuration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutClosed {
    /// The provider closed it.
    Closed,
    /// No checkout was open at a provider.
    NothingOpen,
    /// The provider cannot close one (Razorpay, bKash): the payment stays
    /// pending, so a late success still confirms a free slot or is refunded.
    NotSupported,
}

#[derive(Debug, thiserror::Error)]
pub enum CloseCheckoutError {
    #[error("the payment provider is not answering")]
    ProviderUnavailable { retry_after: Option<SignedDuration> },
    #[error("the checkout could not be closed")]
    Unexpected(#[source] Cause),
}

impl Payments {
    /// After the appointment's hold ran out (the `ExpireHold` job).
    pub async fn close_expired_checkout(
        &self,
        appointment: AppointmentId,
    ) -> Result<CheckoutClosed, CloseCheckoutError> {
        let records = self
            .ports
            .store
            .payments_of_appointment(appointment)
            .await
            .map_err(|e| CloseCheckoutError::Unexpected(e.into()))?;
        let open = records.into_iter().find_map(|r| {
            let payment = r.payment;
            (payment.state == PaymentState::Pending)
                .then_some(
                    payment
                        .provider_ref
                        .map(|reference| (payment.provider, reference)),
                )
                .flatten()
        });
        let Some((provider, reference)) = open else {
            return Ok(CheckoutClosed::NothingOpen);
        };
        let Some(gateway) = self.ports.gateways.get(provider) else {
            return Ok(CheckoutClosed::NotSupported);
        };
        match gateway.expire_checkout(&reference).await {
            Ok(()) => Ok(CheckoutClosed::Closed),
            Err(PaymentError::Unsupported { .. }) => Ok(CheckoutClosed::NotSupported),
            Err(PaymentError::Temporary { retry_after, .. }) => {
                Err(CloseCheckoutError::ProviderUnavailable { retry_after })
            }
            Err(other) => Err(CloseCheckoutError::Unexpected(other.into())),
        }
    }
}
