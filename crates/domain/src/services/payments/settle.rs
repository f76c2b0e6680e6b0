//! Applying a verified provider event with the jobs a confirmation needs:
//! the one path webhooks, returns and reconciliation share.

use super::Payments;
use crate::model::{JobKind, NewJob, Provider};
use crate::ports::{EventOutcome, EventToApply, PaymentEvent, PaymentStoreError};
use crate::services::jobs::effects;

impl Payments {
    /// Errors: `PaymentNotFound` when no payment of this provider matches.
    pub(super) async fn settle(
        &self,
        provider: Provider,
        event: PaymentEvent,
    ) -> Result<EventOutcome, PaymentStoreError> {
        let now = self.ports.clock.now();
        let record = self
            .ports
            .store
            .payment_for_event(provider, &event)
            .await?
            .ok_or(PaymentStoreError::PaymentNotFound)?;
        let apply = EventToApply {
            provider,
            on_confirmed: effects::on_confirmed(record.starts_at, now, &self.policy.notices),
            on_paid: vec![NewJob::for_appointment(JobKind::SendReceipt, now)],
            event,
            now,
        };
        self.ports.store.apply_payment_event(apply).await
    }
}
