//! Staff refund a paid appointment fully or partly, once or several times
//! up to the amount paid, always with a reason, each request audited.

use super::refunding::{check_refund, RefundFailure, RefundIssued};
use super::Payments;
use crate::model::{AccountRef, Actor, Money, PaymentId, StaffId};
use crate::ports::{AuditEntry, PaymentRecord};
use crate::services::jobs::effects::RefundCause;
use crate::services::Cause;
use jiff::SignedDuration;

#[derive(Debug, Clone)]
pub struct StaffRefund {
    pub payment: PaymentId,
    /// `None`: everything still refundable.
    pub amount: Option<Money>,
    pub reason: String,
    pub staff: StaffId,
    /// The client address, for the audit log.
    pub client: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffRefundError {
    #[error("payment not found")]
    NotFound,
    #[error("a refund needs a reason")]
    ReasonMissing,
    #[error("this payment has nothing to refund")]
    NotPaid,
    #[error("a refund is a positive amount in the payment's currency")]
    BadAmount,
    #[error("at most {refundable} can still be refunded")]
    MoreThanRefundable { refundable: Money },
    #[error("the payment provider is not answering; try again in a moment")]
    ProviderUnavailable { retry_after: Option<SignedDuration> },
    #[error("the payment provider refused: {0}")]
    ProviderRefused(String),
    #[error("the refund could not be made")]
    Unexpected(#[source] Cause),
}

impl From<RefundFailure> for StaffRefundError {
    fn from(failure: RefundFailure) -> Self {
        match failure {
            RefundFailure::NotPaid => Self::NotPaid,
            RefundFailure::BadAmount => Self::BadAmount,
            RefundFailure::MoreThanRefundable(refundable) => {
                Self::MoreThanRefundable { refundable }
            }
            RefundFailure::Unavailable(retry_after) => Self::ProviderUnavailable { retry_after },
            RefundFailure::Refused(why) => Self::ProviderRefused(why),
            RefundFailure::Unexpected(cause) => Self::Unexpected(cause),
        }
    }
}

impl Payments {
    /// What `refund_by_staff` would refund, checked as it would check it,
    /// without asking anyone or writing anything: for the "are you sure?" page.
    pub async fn check_staff_refund(
        &self,
        r: &StaffRefund,
    ) -> Result<(PaymentRecord, Money), StaffRefundError> {
        if r.reason.trim().is_empty() {
            return Err(StaffRefundError::ReasonMissing);
        }
        let record = self
            .ports
            .store
            .payment(r.payment)
            .await
            .map_err(|e| StaffRefundError::Unexpected(e.into()))?
            .ok_or(StaffRefundError::NotFound)?;
        let amount = r.amount.unwrap_or_else(|| record.payment.refundable());
        check_refund(&record, amount)?;
        Ok((record, amount))
    }

    pub async fn refund_by_staff(&self, r: StaffRefund) -> Result<RefundIssued, StaffRefundError> {
        let (record, amount) = self.check_staff_refund(&r).await?;
        let reason = r.reason.trim();
        // Audited before the provider is asked: a refund made is never
        // left without its entry, and the outcome is in the refunds.
        self.ports
            .audit
            .record(AuditEntry {
                at: self.ports.clock.now(),
                actor: Some(AccountRef::Staff(r.staff)),
                action: "payment.refund_requested".into(),
                subject: Some(format!("payment:{}", r.payment)),
                client: r.client.clone(),
            })
            .await
            .map_err(|e| StaffRefundError::Unexpected(e.into()))?;
        Ok(self
            .refund(
                &record,
                amount,
                reason,
                Actor::Staff(r.staff),
                RefundCause::Issued,
            )
            .await?)
    }
}
