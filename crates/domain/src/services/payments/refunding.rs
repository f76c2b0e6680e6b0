//! Asking the provider for a refund and recording it: shared by the staff's
//! refund, the patient's cancellation and the refund of a late payment.

use super::Payments;
use crate::model::{Actor, Money};
use crate::ports::{
    PaymentError, PaymentRecord, PaymentStoreError, RefundOutcome, RefundRequest, RefundStatus,
    RefundToRecord,
};
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
        let gateway = self.ports.gateways.get(payment.provider).ok_or_else(|| {
            RefundFailure::Refused(format!("{} is not configured", payment.provider.label()))
        })?;
        // The same key for the same refund number: a retry after a lost
        // answer makes no second refund where the provider takes a key.
        let request = RefundRequest {
            payment: payment.id,
            provider_ref,
            transaction_ref,
            amount,
            reason: reason.to_owned(),
            idempotency_key: format!("refund-{}-{}", payment.id, payment.refunds.len() + 1),
        };
        let done = gateway
            .refund(&request)
            .await
            .map_err(|error| match error {
                PaymentError::Temporary { retry_after, .. } => {
                    RefundFailure::Unavailable(retry_after)
                }
                other => RefundFailure::Refused(other.to_string()),
            })?;
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
        let record = RefundToRecord {
            payment: payment.id,
            refund_ref: done.refund_ref,
            amount: done.amount,
            reason: reason.to_owned(),
            by,
            now: self.ports.clock.now(),
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
}
