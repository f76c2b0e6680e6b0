//! The payment jobs that need the outbox or an appointment: the periodic
//! look for payments pending too long, and closing the checkout of a hold
//! that ran out. Refunds and reconciliation run in `services::payments`.

use super::effects::{sweep_payments_at, SWEEP_PAYMENTS_EVERY};
use super::{Fault, JobRunner};
use crate::model::{Job, JobOutcome};
use crate::services::payments::{CloseCheckoutError, ReconcileError};

impl JobRunner {
    /// Enqueues a reconciliation for each payment pending too long (one per
    /// payment and state), then plans the next look.
    pub(super) async fn sweep_payments(&self) -> Result<JobOutcome, Fault> {
        let now = self.now();
        let mut jobs =
            self.ports
                .payments
                .reconciliation_jobs()
                .await
                .map_err(|e: ReconcileError| Fault::Retry {
                    error: e.to_string(),
                    not_before: None,
                })?;
        let next = now.saturating_add(SWEEP_PAYMENTS_EVERY).unwrap_or(now);
        jobs.push(sweep_payments_at(next));
        self.ports.outbox.enqueue(jobs, now).await?;
        Ok(JobOutcome::Done)
    }

    /// After a hold ran out: close its checkout where the provider can.
    pub(super) async fn close_checkout(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = job
            .appointment
            .ok_or_else(|| Fault::Dead("a close_checkout job names no appointment".into()))?;
        match self
            .ports
            .payments
            .close_expired_checkout(appointment)
            .await
        {
            Ok(_) => Ok(JobOutcome::Done),
            Err(CloseCheckoutError::ProviderUnavailable { retry_after }) => Err(Fault::Retry {
                error: "the payment provider is not answering".into(),
                not_before: retry_after.and_then(|wait| self.now().checked_add(wait).ok()),
            }),
            Err(CloseCheckoutError::Unexpected(cause)) => Err(Fault::Retry {
                error: cause.to_string(),
                not_before: None,
            }),
        }
    }
}
