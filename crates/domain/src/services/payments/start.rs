//! Starting a payment: one payment per appointment (a double click reuses
//! it), and a checkout at the provider opened with a key fixed per payment,
//! so asking again gets the same checkout.

use super::Payments;
use crate::model::{AppointmentId, PatientId, PaymentId, Provider};
use crate::ports::{
    Checkout, CheckoutRequest, OpenOutcome, OpenPayment, PaymentError, PaymentStoreError,
};
use crate::services::Cause;
use jiff::SignedDuration;

/// What the payment page's POST gives; never an amount.
#[derive(Debug, Clone)]
pub struct StartPayment {
    pub appointment: AppointmentId,
    pub patient: PatientId,
    /// The patient's choice when several are offered; else the only one.
    pub provider: Option<Provider>,
    pub description: String,
    pub customer_email: Option<String>,
    pub return_url: String,
    pub cancel_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub payment: PaymentId,
    pub provider: Provider,
    pub checkout: Checkout,
}

#[derive(Debug, thiserror::Error)]
pub enum StartPaymentError {
    #[error("appointment not found")]
    NotFound,
    #[error("this appointment is paid already")]
    AlreadyPaid,
    #[error("this appointment cannot be paid now")]
    NotPayable,
    #[error("that payment provider is not offered")]
    ProviderNotOffered,
    #[error("the payment provider is not answering; try again in a moment")]
    ProviderUnavailable { retry_after: Option<SignedDuration> },
    #[error("the payment provider refused: {0}")]
    ProviderRefused(String),
    #[error("payment could not be started")]
    Unexpected(#[source] Cause),
}

impl Payments {
    pub async fn start_payment(&self, start: StartPayment) -> Result<Started, StartPaymentError> {
        let offered = self.offered();
        let provider = match (start.provider, offered.as_slice()) {
            (Some(chosen), _) => chosen,
            (None, [only]) => *only,
            _ => return Err(StartPaymentError::ProviderNotOffered),
        };
        let gateway = self
            .ports
            .gateways
            .get(provider)
            .ok_or(StartPaymentError::ProviderNotOffered)?;
        let now = self.ports.clock.now();
        let open = OpenPayment {
            appointment: start.appointment,
            patient: start.patient,
            provider,
            now,
        };
        let record = match self.ports.store.open_payment(open).await {
            Ok(OpenOutcome::Created(record) | OpenOutcome::Open(record)) => record,
            Err(PaymentStoreError::AppointmentNotFound) => return Err(StartPaymentError::NotFound),
            Err(PaymentStoreError::AlreadyPaid) => return Err(StartPaymentError::AlreadyPaid),
            Err(PaymentStoreError::NotPayable) => return Err(StartPaymentError::NotPayable),
            Err(other) => return Err(StartPaymentError::Unexpected(other.into())),
        };
        let payment = record.payment.id;
        let request = CheckoutRequest {
            payment,
            appointment: start.appointment,
            amount: record.payment.amount,
            description: start.description,
            customer_email: start.customer_email,
            return_url: start.return_url,
            cancel_url: start.cancel_url,
            expires_at: record.hold_until,
            idempotency_key: format!("checkout:{payment}"),
        };
        let checkout = gateway
            .start_checkout(&request)
            .await
            .map_err(|error| match error {
                PaymentError::Temporary { retry_after, .. } => {
                    StartPaymentError::ProviderUnavailable { retry_after }
                }
                other => StartPaymentError::ProviderRefused(other.to_string()),
            })?;
        self.ports
            .store
            .record_checkout(payment, &checkout.provider_ref, now)
            .await
            .map_err(|e| StartPaymentError::Unexpected(e.into()))?;
        Ok(Started {
            payment,
            provider,
            checkout,
        })
    }
}
