//! What a patient's own cancellation of a paid appointment gets back, by
//! `payments.refund_policy`: quoted before they confirm, refunded after.

use super::refunding::{RefundFailure, RefundIssued};
use super::Payments;
use crate::model::{Actor, AppointmentId, Money, PatientId};
use crate::ports::PaymentRecord;
use crate::services::jobs::effects::RefundCause;
use crate::services::Cause;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancellationRefund {
    /// Nothing was paid, or the policy gives nothing back.
    NothingDue,
    Issued {
        amount: Money,
        refund: RefundIssued,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CancellationRefundError {
    #[error("appointment not found")]
    NotFound,
    /// The provider did not answer or refused: staff must refund by hand.
    #[error("the refund could not be made at the provider: {0}")]
    ProviderFailed(String),
    #[error("the refund could not be made")]
    Unexpected(#[source] Cause),
}

impl Payments {
    /// The appointment's paid payment, for its own patient.
    async fn paid_payment(
        &self,
        appointment: AppointmentId,
        patient: PatientId,
    ) -> Result<Option<PaymentRecord>, CancellationRefundError> {
        let records = self
            .ports
            .store
            .payments_of_appointment(appointment)
            .await
            .map_err(|e| CancellationRefundError::Unexpected(e.into()))?;
        if records.iter().any(|r| r.patient != patient) {
            return Err(CancellationRefundError::NotFound);
        }
        Ok(records.into_iter().find(|r| r.payment.state.was_paid()))
    }

    /// What cancelling would give back (shown on the confirmation page).
    pub async fn cancellation_refund_quote(
        &self,
        appointment: AppointmentId,
        patient: PatientId,
    ) -> Result<Option<Money>, CancellationRefundError> {
        Ok(self
            .paid_payment(appointment, patient)
            .await?
            .map(|record| self.policy_refund(&record)))
    }

    fn policy_refund(&self, record: &PaymentRecord) -> Money {
        let owed = self.policy.refund_policy.refund_for(record.payment.amount);
        let left = record.payment.refundable();
        Money::new(owed.minor().min(left.minor()), left.currency())
    }

    /// After the patient cancelled: refunds what the policy gives back.
    pub async fn refund_after_cancellation(
        &self,
        appointment: AppointmentId,
        patient: PatientId,
    ) -> Result<CancellationRefund, CancellationRefundError> {
        let Some(record) = self.paid_payment(appointment, patient).await? else {
            return Ok(CancellationRefund::NothingDue);
        };
        let amount = self.policy_refund(&record);
        if amount.minor() == 0 {
            return Ok(CancellationRefund::NothingDue);
        }
        let reason = "Cancelled by the patient.";
        match self
            .refund(
                &record,
                amount,
                reason,
                Actor::Patient(patient),
                RefundCause::Issued,
            )
            .await
        {
            Ok(refund) => Ok(CancellationRefund::Issued { amount, refund }),
            Err(RefundFailure::NotPaid) => Ok(CancellationRefund::NothingDue),
            Err(RefundFailure::Unexpected(cause)) => {
                Err(CancellationRefundError::Unexpected(cause))
            }
            Err(other) => {
                // Staff must finish it: the payment is flagged for them.
                let why = format!("the refund after the patient's cancellation failed: {other:?}");
                let now = self.ports.clock.now();
                self.ports
                    .store
                    .flag_payment(record.payment.id, &why, now)
                    .await
                    .map_err(|e| CancellationRefundError::Unexpected(e.into()))?;
                Err(CancellationRefundError::ProviderFailed(why))
            }
        }
    }
}
