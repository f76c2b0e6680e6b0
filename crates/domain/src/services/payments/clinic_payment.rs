//! Staff record a payment taken at the clinic (cash, card terminal) with a
//! reference: the amount is the stored fee, and it goes through the same
//! Paid write as an online payment (invoice, receipt, payment_status paid).

use crate::model::{
    AccountRef, AppointmentId, AppointmentStatus, ClinicMethod, InvoiceNumber, PaymentId, StaffId,
};
use crate::ports::{
    AuditEntry, AuditLog, BookingStore, ClinicPaymentStore, ClinicPaymentToRecord, Clock,
    EventEffect, EventOutcome, PaymentStoreError,
};
use crate::services::jobs::effects::{self, NoticePolicy};
use crate::services::Cause;
use std::sync::Arc;

/// The longest desk reference kept (a receipt book number, a slip id).
pub const REFERENCE_MAX: usize = 100;

#[derive(Clone)]
pub struct ClinicPayments {
    store: Arc<dyn ClinicPaymentStore>,
    booking: Arc<dyn BookingStore>,
    audit: Arc<dyn AuditLog>,
    clock: Arc<dyn Clock>,
    notices: NoticePolicy,
}

/// What the desk's form gives; never an amount.
#[derive(Debug, Clone)]
pub struct ClinicPaymentEntry {
    pub appointment: AppointmentId,
    pub method: ClinicMethod,
    pub reference: String,
    pub staff: StaffId,
    /// The staff member's address, for the audit log.
    pub client: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicPaid {
    pub payment: PaymentId,
    pub invoice: InvoiceNumber,
}

#[derive(Debug, thiserror::Error)]
pub enum ClinicPaymentError {
    #[error("no such appointment")]
    NotFound,
    #[error("Enter the reference of the payment (receipt or slip number).")]
    ReferenceMissing,
    #[error("The reference is longer than {REFERENCE_MAX} characters.")]
    ReferenceTooLong,
    #[error("This appointment is paid already.")]
    AlreadyPaid,
    #[error("This appointment cannot be paid now: it is {0}.")]
    NotPayable(String),
    #[error("the payment could not be recorded")]
    Unexpected(#[source] Cause),
}

impl ClinicPayments {
    pub fn new(
        store: Arc<dyn ClinicPaymentStore>,
        booking: Arc<dyn BookingStore>,
        audit: Arc<dyn AuditLog>,
        clock: Arc<dyn Clock>,
        notices: NoticePolicy,
    ) -> Self {
        Self {
            store,
            booking,
            audit,
            clock,
            notices,
        }
    }

    pub async fn record(
        &self,
        entry: ClinicPaymentEntry,
    ) -> Result<ClinicPaid, ClinicPaymentError> {
        let reference = entry.reference.trim();
        if reference.is_empty() {
            return Err(ClinicPaymentError::ReferenceMissing);
        }
        if reference.chars().count() > REFERENCE_MAX {
            return Err(ClinicPaymentError::ReferenceTooLong);
        }
        let unexpected = |e: PaymentStoreError| ClinicPaymentError::Unexpected(e.into());
        let appointment = self
            .booking
            .appointment(entry.appointment)
            .await
            .map_err(|e| ClinicPaymentError::Unexpected(e.into()))?
            .ok_or(ClinicPaymentError::NotFound)?;
        let now = self.clock.now();
        let record = ClinicPaymentToRecord {
            appointment: entry.appointment,
            method: entry.method,
            reference: reference.to_owned(),
            on_confirmed: effects::on_confirmed(appointment.starts_at, now, &self.notices),
            now,
        };
        let (payment, invoice) = match self.store.record_clinic_payment(record).await {
            Ok(EventOutcome::Recorded { payment, effect }) => match effect {
                EventEffect::Paid { invoice, .. } => (payment.payment.id, invoice),
                other => {
                    return Err(ClinicPaymentError::Unexpected(
                        format!("a clinic payment was recorded as {other:?}").into(),
                    ))
                }
            },
            Ok(EventOutcome::AlreadyApplied) => return Err(ClinicPaymentError::AlreadyPaid),
            Err(PaymentStoreError::AppointmentNotFound) => {
                return Err(ClinicPaymentError::NotFound)
            }
            Err(PaymentStoreError::AlreadyPaid) => return Err(ClinicPaymentError::AlreadyPaid),
            Err(PaymentStoreError::NotPayable) => {
                let status = match appointment.status {
                    // Held, but the hold ran out meanwhile.
                    AppointmentStatus::PendingPayment => AppointmentStatus::Expired.label(),
                    other => other.label(),
                };
                return Err(ClinicPaymentError::NotPayable(status.to_lowercase()));
            }
            Err(other) => return Err(unexpected(other)),
        };
        self.audit
            .record(AuditEntry {
                at: now,
                actor: Some(AccountRef::Staff(entry.staff)),
                action: "payment.recorded_at_clinic".into(),
                subject: Some(format!("appointment:{}", entry.appointment)),
                client: entry.client,
            })
            .await
            .map_err(|e| ClinicPaymentError::Unexpected(e.into()))?;
        Ok(ClinicPaid { payment, invoice })
    }
}
