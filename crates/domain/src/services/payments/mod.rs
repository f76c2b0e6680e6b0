//! Paying for appointments: starting a checkout, believing only verified
//! webhooks, proven returns and lookups, reconciling what stays pending,
//! and refunding (by staff, after a patient's cancellation, or a payment
//! that came after its slot was gone). One file per use case; amounts always
//! come from the stored appointment.

mod cancellation_refund;
mod clinic_payment;
mod close_checkout;
mod confirm_return;
mod history;
mod jobs;
mod reads;
mod reconcile;
mod refund_policy;
mod refunding;
mod settle;
mod staff_refund;
mod start;
mod webhook;

#[cfg(test)]
mod fake_gateway;
#[cfg(test)]
mod fake_store;
#[cfg(test)]
mod notice_tests;
#[cfg(test)]
mod tests;

pub use cancellation_refund::{CancellationRefund, CancellationRefundError};
pub use clinic_payment::{
    ClinicPaid, ClinicPaymentEntry, ClinicPaymentError, ClinicPayments, REFERENCE_MAX,
};
pub use close_checkout::{CheckoutClosed, CloseCheckoutError};
pub use confirm_return::{ReturnError, Returned};
pub use history::{HistoryPage, InvoiceFile, InvoiceReader, PaymentFile, HISTORY_PER_PAGE};
pub use reconcile::{ReconcileError, ReconcileOutcome};
pub use refund_policy::{RefundPolicy, RefundPolicyError};
pub use refunding::RefundIssued;
pub use staff_refund::{StaffRefund, StaffRefundError};
pub use start::{StartPayment, StartPaymentError, Started};
pub use webhook::{WebhookError, WebhookOutcome};

use super::jobs::effects::NoticePolicy;
use crate::model::Provider;
use crate::ports::{AuditLog, Clock, PaymentGateway, PaymentStore};
use jiff::SignedDuration;
use std::sync::Arc;

/// The gateways the clinic offers (`payments.provider`, `payments.providers`).
#[derive(Clone, Default)]
pub struct Gateways(Vec<Arc<dyn PaymentGateway>>);

impl Gateways {
    pub fn new(gateways: Vec<Arc<dyn PaymentGateway>>) -> Self {
        Self(gateways)
    }

    pub fn get(&self, provider: Provider) -> Option<&Arc<dyn PaymentGateway>> {
        self.0.iter().find(|g| g.provider() == provider)
    }

    /// The providers a patient may choose from, in the configured order.
    pub fn offered(&self) -> Vec<Provider> {
        self.0.iter().map(|g| g.provider()).collect()
    }
}

/// The clinic's payment settings the use cases follow.
#[derive(Debug, Clone, Default)]
pub struct PaymentPolicy {
    /// What a confirmation enqueues (`meetings.link_grace_seconds`, `reminders.hours_before`).
    pub notices: NoticePolicy,
    /// `payments.refund_policy`.
    pub refund_policy: RefundPolicy,
    /// `payments.reconcile_after_minutes`.
    pub reconcile_after: SignedDuration,
}

#[derive(Clone)]
pub struct PaymentPorts {
    pub store: Arc<dyn PaymentStore>,
    pub gateways: Gateways,
    pub clock: Arc<dyn Clock>,
    /// Staff's refunds are recorded there.
    pub audit: Arc<dyn AuditLog>,
}

/// The payment use cases, over the ports.
#[derive(Clone)]
pub struct Payments {
    ports: PaymentPorts,
    policy: PaymentPolicy,
}

impl Payments {
    pub fn new(ports: PaymentPorts, policy: PaymentPolicy) -> Self {
        Self { ports, policy }
    }

    pub fn offered(&self) -> Vec<Provider> {
        self.ports.gateways.offered()
    }

    pub fn refund_policy(&self) -> RefundPolicy {
        self.policy.refund_policy
    }
}
