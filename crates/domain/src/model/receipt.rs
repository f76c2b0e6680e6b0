//! What a payment receipt mail says: the amount, how and when it was paid,
//! and for which consultation. Filled in by the payments issue's store.

use super::{AppointmentId, InvoiceNumber, Money, PatientId, PaymentId};
use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub payment: PaymentId,
    pub appointment: AppointmentId,
    pub patient: PatientId,
    pub amount: Money,
    /// The provider's name as patients know it ("bKash", "Stripe").
    pub provider: String,
    /// The provider's transaction id, when it gave one.
    pub transaction: Option<String>,
    pub paid_at: Timestamp,
    pub doctor_name: String,
    pub starts_at: Timestamp,
    /// The invoice issued with the payment, linked from the mail.
    pub invoice: Option<InvoiceNumber>,
    /// The patient's own zone, when they set one: the mail's times are in it.
    pub patient_zone: Option<String>,
}
