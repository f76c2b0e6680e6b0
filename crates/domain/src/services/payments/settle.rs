//! Applying a verified provider event with the jobs a confirmation needs:
//! the one path webhooks, returns and reconciliation share.

use super::Payments;
use crate::model::Provider;
use crate::ports::{EventOutcome, EventToApply, PaymentEvent, PaymentEventKind, PaymentStoreError};
use crate::services::jobs::effects::{self, RefundCause};
use crate::services::jobs::receipt_mail;

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
        let (payment, patient) = (record.payment.id, record.patient);
        let on_refunded = match &event.kind {
            PaymentEventKind::Refund { refund_ref, .. } => {
                effects::on_refunded(payment, patient, refund_ref, RefundCause::Issued, now)
            }
            _ => Vec::new(),
        };
        let apply = EventToApply {
            provider,
            on_confirmed: effects::on_confirmed(record.starts_at, now, &self.policy.notices),
            on_paid: vec![receipt_mail(
                payment,
                patient,
                record.payment.appointment,
                now,
            )],
            on_failed: effects::on_payment_failed(payment, patient, now),
            on_refunded,
            event,
            now,
        };
        self.ports.store.apply_payment_event(apply).await
    }
}
