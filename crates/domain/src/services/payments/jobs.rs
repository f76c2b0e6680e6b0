//! The payment jobs the worker hands over: reconcile a payment, refund a
//! payment whose slot was gone. Each returns the outcome the worker records.

use super::refunding::RefundFailure;
use super::{Payments, ReconcileError};
use crate::model::{Actor, Dedupe, Job, JobKind, JobOutcome, JobPayload, Money, NewJob, PaymentId};
use crate::services::jobs::effects::RefundCause;
use crate::services::jobs::retry_at;

/// Why a clinic's cancellation is refunded, as the refund records it.
const CLINIC_CANCELLED: &str = "Cancelled by the clinic.";

/// Why a late payment is refunded, as the refund records it.
const SLOT_GONE: &str = "The payment arrived after the slot was given to someone else.";

impl Payments {
    /// A `ReconcilePayment` job for each payment pending too long, to hand
    /// to `Outbox::enqueue`; keyed by the payment and its last change, so
    /// asking every few minutes writes one job per payment until it moves.
    pub async fn reconciliation_jobs(&self) -> Result<Vec<NewJob>, ReconcileError> {
        let now = self.ports.clock.now();
        let due = self.due_for_reconciliation_records().await?;
        Ok(due
            .into_iter()
            .map(|record| NewJob {
                kind: JobKind::ReconcilePayment,
                appointment: Some(record.payment.appointment),
                account: None,
                payload: JobPayload::Payment {
                    id: record.payment.id,
                },
                dedupe: Dedupe::Key(format!(
                    "reconcile_payment:{}:{}",
                    record.payment.id,
                    record.updated_at.as_second()
                )),
                run_at: now,
            })
            .collect())
    }

    /// Runs a `RefundPayment`, `ReconcilePayment` or `RefundCancellation` job.
    pub async fn run_job(&self, job: &Job) -> JobOutcome {
        if job.kind == JobKind::RefundCancellation {
            return self.refund_clinic_cancellation(job).await;
        }
        let JobPayload::Payment { id } = job.payload else {
            return JobOutcome::Dead {
                reason: format!("a {} job names no payment", job.kind),
            };
        };
        let now = self.ports.clock.now();
        let retry = |error: String, not_before| JobOutcome::RetryAt {
            at: retry_at(now, job.attempts + 1, job.id, not_before),
            error,
        };
        match job.kind {
            JobKind::ReconcilePayment => match self.reconcile(id).await {
                Ok(_) | Err(ReconcileError::NotFound) => JobOutcome::Done,
                Err(ReconcileError::ProviderUnavailable { retry_after }) => retry(
                    "the payment provider is not answering".into(),
                    retry_after.and_then(|wait| now.checked_add(wait).ok()),
                ),
                Err(ReconcileError::Unexpected(cause)) => retry(cause.to_string(), None),
            },
            JobKind::RefundPayment => self.refund_late_payment(id, job, now).await,
            other => JobOutcome::Dead {
                reason: format!("{other} is not a payment job"),
            },
        }
    }

    /// The clinic cancelled a paid appointment: refund what
    /// `payments.refund_policy` gives back, once (a retry after a lost
    /// answer asks again with the same key; nothing left means done).
    async fn refund_clinic_cancellation(&self, job: &Job) -> JobOutcome {
        let now = self.ports.clock.now();
        let retry = |error: String, not_before: Option<jiff::Timestamp>| JobOutcome::RetryAt {
            at: retry_at(now, job.attempts + 1, job.id, not_before),
            error,
        };
        let Some(appointment) = job.appointment else {
            return JobOutcome::Dead {
                reason: "a refund_cancellation job names no appointment".into(),
            };
        };
        let records = match self.ports.store.payments_of_appointment(appointment).await {
            Ok(records) => records,
            Err(error) => return retry(error.to_string(), None),
        };
        let Some(record) = records.into_iter().find(|r| r.payment.state.was_paid()) else {
            return JobOutcome::Done;
        };
        let owed = self.policy.refund_policy.refund_for(record.payment.amount);
        let left = record.payment.refundable();
        let amount = Money::new(owed.minor().min(left.minor()), left.currency());
        if amount.minor() <= 0 {
            return JobOutcome::Done;
        }
        match self
            .refund(
                &record,
                amount,
                CLINIC_CANCELLED,
                Actor::System,
                RefundCause::Issued,
            )
            .await
        {
            Ok(_) | Err(RefundFailure::NotPaid) => JobOutcome::Done,
            Err(RefundFailure::Unavailable(after)) => retry(
                "the payment provider is not answering".into(),
                after.and_then(|w| now.checked_add(w).ok()),
            ),
            Err(RefundFailure::Unexpected(cause)) => retry(cause.to_string(), None),
            Err(other) => JobOutcome::Dead {
                reason: format!("refund refused: {other:?}"),
            },
        }
    }

    async fn refund_late_payment(
        &self,
        id: PaymentId,
        job: &Job,
        now: jiff::Timestamp,
    ) -> JobOutcome {
        let record = match self.ports.store.payment(id).await {
            Ok(Some(record)) => record,
            Ok(None) => {
                return JobOutcome::Dead {
                    reason: format!("payment {id} not found"),
                }
            }
            Err(error) => {
                return JobOutcome::RetryAt {
                    at: retry_at(now, job.attempts + 1, job.id, None),
                    error: error.to_string(),
                }
            }
        };
        let amount = record.payment.refundable();
        match self
            .refund(
                &record,
                amount,
                SLOT_GONE,
                Actor::System,
                RefundCause::SlotGone,
            )
            .await
        {
            // Done also when nothing is left: refunded meanwhile by staff.
            Ok(_) | Err(RefundFailure::NotPaid) => JobOutcome::Done,
            Err(RefundFailure::Unavailable(after)) => JobOutcome::RetryAt {
                at: retry_at(
                    now,
                    job.attempts + 1,
                    job.id,
                    after.and_then(|w| now.checked_add(w).ok()),
                ),
                error: "the payment provider is not answering".into(),
            },
            Err(RefundFailure::Unexpected(cause)) => JobOutcome::RetryAt {
                at: retry_at(now, job.attempts + 1, job.id, None),
                error: cause.to_string(),
            },
            Err(other) => JobOutcome::Dead {
                reason: format!("refund refused: {other:?}"),
            },
        }
    }
}
