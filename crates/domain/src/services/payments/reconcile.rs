//! Reconciliation: a payment still pending after
//! `payments.reconcile_after_minutes` is looked up at the provider and
//! settled; what cannot be settled is flagged for admins.

use super::Payments;
use crate::model::{PaymentId, PaymentState};
use crate::ports::{EventEffect, EventOutcome, PaymentError, PaymentEventKind, PaymentRecord};
use crate::services::Cause;
use jiff::SignedDuration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReconcileOutcome {
    /// Not pending any more, or never reached the provider: nothing to ask.
    NothingToDo,
    /// The provider's answer moved it.
    Settled(EventEffect),
    /// Still pending at the provider, or unknown there: flagged for admins.
    Flagged(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error("payment not found")]
    NotFound,
    /// Worth asking again later.
    #[error("the payment provider is not answering")]
    ProviderUnavailable { retry_after: Option<SignedDuration> },
    #[error("the payment could not be reconciled")]
    Unexpected(#[source] Cause),
}

fn unexpected(error: impl std::error::Error + Send + Sync + 'static) -> ReconcileError {
    ReconcileError::Unexpected(Box::new(error))
}

impl Payments {
    /// The payments due for reconciliation now, oldest first.
    pub async fn due_for_reconciliation(&self) -> Result<Vec<PaymentId>, ReconcileError> {
        let due = self.due_for_reconciliation_records().await?;
        Ok(due.into_iter().map(|r| r.payment.id).collect())
    }

    pub(super) async fn due_for_reconciliation_records(
        &self,
    ) -> Result<Vec<PaymentRecord>, ReconcileError> {
        let now = self.ports.clock.now();
        let before = now
            .checked_sub(self.policy.reconcile_after)
            .map_err(unexpected)?;
        self.ports
            .store
            .pending_since(before)
            .await
            .map_err(unexpected)
    }

    pub async fn reconcile(&self, id: PaymentId) -> Result<ReconcileOutcome, ReconcileError> {
        let store = &self.ports.store;
        let record = store
            .payment(id)
            .await
            .map_err(unexpected)?
            .ok_or(ReconcileError::NotFound)?;
        let payment = &record.payment;
        let Some(reference) = payment.provider_ref.clone() else {
            return Ok(ReconcileOutcome::NothingToDo);
        };
        if payment.state != PaymentState::Pending {
            return Ok(ReconcileOutcome::NothingToDo);
        }
        let now = self.ports.clock.now();
        let Some(gateway) = self.ports.gateways.get(payment.provider) else {
            let reason = format!("{} is no longer configured.", payment.provider.label());
            return self.flag(id, reason).await;
        };
        let mut event = match gateway.lookup(&reference).await {
            Ok(event) => event,
            Err(PaymentError::Temporary { retry_after, .. }) => {
                return Err(ReconcileError::ProviderUnavailable { retry_after })
            }
            Err(other) => return self.flag(id, format!("Not settled: {other}.")).await,
        };
        let still_pending = event.kind == PaymentEventKind::Pending;
        event.payment = Some(id);
        event.provider_ref = Some(reference);
        let outcome = self
            .settle(payment.provider, event)
            .await
            .map_err(unexpected)?;
        match outcome {
            EventOutcome::Recorded {
                effect: EventEffect::Unchanged,
                ..
            } if still_pending => {
                let minutes = now.duration_since(record.updated_at).as_mins();
                self.flag(
                    id,
                    format!("Still pending at the provider after {minutes} minutes."),
                )
                .await
            }
            EventOutcome::Recorded { effect, .. } => Ok(ReconcileOutcome::Settled(effect)),
            EventOutcome::AlreadyApplied => Ok(ReconcileOutcome::NothingToDo),
        }
    }

    async fn flag(
        &self,
        id: PaymentId,
        reason: String,
    ) -> Result<ReconcileOutcome, ReconcileError> {
        let now = self.ports.clock.now();
        self.ports
            .store
            .flag_payment(id, &reason, now)
            .await
            .map_err(unexpected)?;
        Ok(ReconcileOutcome::Flagged(reason))
    }
}
