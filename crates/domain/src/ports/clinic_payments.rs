//! Recording a payment taken at the clinic's desk: ONE write that makes the
//! payment and takes it through the same Paid transition as an online one.

use super::payment_store::{EventOutcome, PaymentStoreError};
use crate::model::{AppointmentId, ClinicMethod, NewJob};
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct ClinicPaymentToRecord {
    pub appointment: AppointmentId,
    pub method: ClinicMethod,
    /// The desk's reference (receipt book number, terminal slip): stored as
    /// the payment's transaction id.
    pub reference: String,
    /// Enqueued if the payment confirms a held appointment (`effects::on_confirmed`).
    pub on_confirmed: Vec<NewJob>,
    pub now: Timestamp,
}

#[async_trait]
pub trait ClinicPaymentStore: Send + Sync {
    /// In one write: a payment with provider `clinic` for the stored fee
    /// (never a given amount), its checkout recorded as the method, then the
    /// Paid transition exactly as `PaymentStore::apply_payment_event` makes
    /// it: the invoice issued, payment_status paid, a held appointment
    /// confirmed with `on_confirmed`, the receipt enqueued
    /// (`jobs::receipt_mail`). An online payment still open for the
    /// appointment is cancelled in the same write, so a late success there
    /// is flagged for admins instead of paying twice.
    /// Errors: `AppointmentNotFound`, `AlreadyPaid`, `NotPayable` (cancelled,
    /// expired, no-show, or a hold that ran out).
    async fn record_clinic_payment(
        &self,
        record: ClinicPaymentToRecord,
    ) -> Result<EventOutcome, PaymentStoreError>;
}
