//! Applying a verified provider event with the jobs a confirmation needs:
//! the one path webhooks, returns and reconciliation share.

use super::Payments;
use crate::model::Provider;
use crate::ports::{EventOutcome, EventToApply, PaymentEvent, PaymentStoreError};
use crate::services::jobs::{effects, receipt_mail};

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
            // The receipt names its payment: without it the job has nothing to send.
            on_paid: vec![receipt_mail(
                record.payment.id,
                record.patient,
                record.payment.appointment,
                now,
            )],
            event,
            now,
        };
        self.ports.store.apply_payment_event(apply).await
    }
}
