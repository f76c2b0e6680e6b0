//! Asking the provider for a refund and recording it: shared by the staff's
//! refund, the patient's cancellation and the refund of a late payment. A
//! payment taken at the clinic is refunded at the desk: staff record it, no
//! gateway is asked.

use super::Payments;
use crate::model::{Actor, Money, Provider};
use crate::ports::{
    PaymentError, PaymentRecord, PaymentStoreError, ProviderRefund, RefundOutcome, RefundRequest,
    RefundStatus, RefundToRecord,
};
use crate::services::jobs::effects::{self, RefundCause};
use jiff::SignedDuration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundIssued {
    /// The provider completed it: recorded, the payment moved.
    Refunded(Box<PaymentRecord>),
    /// The provider accepted it; its webhook records it when it completes.
    PendingAtProvider { refund_ref: String },
}

/// Why a refund was not made; each use case maps it to its own error.
#[derive(Debug)]
pub(super) enum RefundFailure {
    NotPaid,
    /// Zero, negative or another currency.
    BadAmount,
    MoreThanRefundable(Money),
    Unavailable(Option<SignedDuration>),
    Refused(String),
    Unexpected(crate::services::Cause),
}

/// Whether `amount` may be refunded of the payment now, before anything is asked.
pub(super) fn check_refund(record: &PaymentRecord, amount: Money) -> Result<(), RefundFailure> {
    let payment = &record.payment;
    let refundable = payment.refundable();
    if payment.provider_ref.is_none()
        || payment.transaction_ref.is_none()
        || refundable.minor() <= 0
    {
        return Err(RefundFailure::NotPaid);
    }
    if amount.minor() <= 0 || amount.currency() != refundable.currency() {
        return Err(RefundFailure::BadAmount);
    }
    if amount.minor() > refundable.minor() {
        return Err(RefundFailure::MoreThanRefundable(refundable));
    }
    Ok(())
}

impl Payments {
    /// Refunds `amount` of the payment, at most what is left to refund.
    pub(super) async fn refund(
        &self,
        record: &PaymentRecord,
        amount: Money,
        reason: &str,
        by: Actor,
        cause: RefundCause,
    ) -> Result<RefundIssued, RefundFailure> {
        let payment = &record.payment;
        let refundable = payment.refundable();
        check_refund(record, amount)?;
        let (Some(provider_ref), Some(transaction_ref)) = (
            payment.provider_ref.clone(),
            payment.transaction_ref.clone(),
        ) else {
            return Err(RefundFailure::NotPaid);
        };
        // The same key for the same refund number: a retry after a lost
        // answer makes no second refund where the provider takes a key.
        let idempotency_key = format!("refund-{}-{}", payment.id, payment.refunds.len() + 1);
        let done = if payment.provider == Provider::Clinic {
            desk_refund(amount, &by, &idempotency_key)?
        } else {
            let request = RefundRequest {
                payment: payment.id,
                provider_ref,
                transaction_ref,
                amount,
                reason: reason.to_owned(),
                idempotency_key,
            };
            self.gateway_refund(payment.provider, &request).await?
        };
        match done.status {
            RefundStatus::Succeeded => {}
            RefundStatus::Pending => {
                return Ok(RefundIssued::PendingAtProvider {
                    refund_ref: done.refund_ref,
                })
            }
            RefundStatus::Failed => {
                return Err(RefundFailure::Refused(
                    "the provider reports the refund failed".into(),
                ))
            }
        }
        let now = self.ports.clock.now();
        let record = RefundToRecord {
            payment: payment.id,
            jobs: effects::on_refunded(payment.id, record.patient, &done.refund_ref, cause, now),
            refund_ref: done.refund_ref,
            amount: done.amount,
            reason: reason.to_owned(),
            by,
            now,
        };
        match self.ports.store.record_refund(record).await {
            Ok(RefundOutcome::Recorded(record) | RefundOutcome::AlreadyRecorded(record)) => {
                Ok(RefundIssued::Refunded(Box::new(record)))
            }
            Err(PaymentStoreError::Transition(_)) => {
                Err(RefundFailure::MoreThanRefundable(refundable))
            }
            Err(other) => Err(RefundFailure::Unexpected(other.into())),
        }
    }

    async fn gateway_refund(
        &self,
        provider: Provider,
        request: &RefundRequest,
    ) -> Result<ProviderRefund, RefundFailure> {
        let gateway = self.ports.gateways.get(provider).ok_or_else(|| {
            RefundFailure::Refused(format!("{} is not configured", provider.label()))
        })?;
        gateway.refund(request).await.map_err(|error| match error {
            PaymentError::Temporary { retry_after, .. } => RefundFailure::Unavailable(retry_after),
            other => RefundFailure::Refused(other.to_string()),
        })
    }
}

/// Money taken at the clinic goes back at the desk: only staff hand it over,
/// and the refund is named by its number, so a double submit records it once.
fn desk_refund(amount: Money, by: &Actor, key: &str) -> Result<ProviderRefund, RefundFailure> {
    if !matches!(by, Actor::Staff(_)) {
        return Err(RefundFailure::Refused(
            "it was paid at the clinic, so staff refund it at the desk".into(),
        ));
    }
    Ok(ProviderRefund {
        refund_ref: format!("desk-{key}"),
        amount,
        status: RefundStatus::Succeeded,
    })
}
