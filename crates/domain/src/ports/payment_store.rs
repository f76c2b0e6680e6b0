//! Storing payments: each write that must be atomic is one method (open a
//! payment, record its checkout, apply a provider's event with everything it
//! causes, record a refund), and the reads the payment pages and jobs need.

use super::payment_events::PaymentEvent;
use super::StoreError;
use crate::model::{
    Actor, AppointmentId, Invoice, InvoiceNumber, Money, NewJob, PatientId, Payment, PaymentId,
    PaymentState, PaymentTransitionError, Provider,
};
use async_trait::async_trait;
use jiff::Timestamp;

/// A payment as stored, with what the pages and jobs need beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub payment: Payment,
    pub patient: PatientId,
    pub doctor_name: String,
    pub starts_at: Timestamp,
    /// The appointment's hold, while it awaits payment.
    pub hold_until: Option<Timestamp>,
    /// Why admins must look at it (another amount than asked, not settled).
    pub flagged: Option<String>,
    pub paid_at: Option<Timestamp>,
    pub invoice: Option<InvoiceNumber>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One refund as stored, for the pages that show it beside the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundEntry {
    pub refund_ref: String,
    pub amount: Money,
    pub reason: String,
    pub by: Actor,
    pub at: Timestamp,
}

/// One page of a patient's payments, newest first, and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentHistory {
    pub rows: Vec<PaymentRecord>,
    pub total: i64,
}

/// Paying for an appointment through a provider; the amount is read from
/// the stored appointment (the fee at booking), never given.
#[derive(Debug, Clone)]
pub struct OpenPayment {
    pub appointment: AppointmentId,
    /// The patient asking: another patient's appointment is not found.
    pub patient: PatientId,
    pub provider: Provider,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenOutcome {
    /// A new payment, `Created`: open its checkout.
    Created(PaymentRecord),
    /// The appointment's open payment (created or pending, same provider):
    /// open its checkout again with the same idempotency key, which the
    /// provider answers with the same checkout.
    Open(PaymentRecord),
}

/// A verified provider event (webhook, proven return or lookup) to apply.
#[derive(Debug, Clone)]
pub struct EventToApply {
    pub provider: Provider,
    pub event: PaymentEvent,
    /// Enqueued if this event confirms the appointment: the meeting,
    /// confirmation and reminder jobs (`effects::on_confirmed`).
    pub on_confirmed: Vec<NewJob>,
    /// Enqueued on the Paid transition, whatever it does to the appointment:
    /// the receipt.
    pub on_paid: Vec<NewJob>,
    /// Enqueued on the Failed transition: the patient's mail
    /// (`effects::on_payment_failed`).
    pub on_failed: Vec<NewJob>,
    /// Enqueued when the event records a refund: the patient's mail
    /// (`effects::on_refunded`).
    pub on_refunded: Vec<NewJob>,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// This provider event id was applied before: nothing written.
    AlreadyApplied,
    /// Recorded (by its event id, when it has one), with what it did.
    Recorded {
        /// Boxed: a record is large beside the empty repeat.
        payment: Box<PaymentRecord>,
        effect: EventEffect,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventEffect {
    /// Nothing changed: still pending, a refund not completed, a change made
    /// already, or one the state machine refuses (a late failure after paid).
    Unchanged,
    /// Moved without being paid now (failed, cancelled, refunded).
    Moved {
        from: PaymentState,
        to: PaymentState,
    },
    /// Another amount or currency than asked: not paid, flagged with the reason.
    Flagged { reason: String },
    /// Paid now: the invoice was issued in the same write.
    Paid {
        invoice: InvoiceNumber,
        appointment: AfterPayment,
    },
}

/// What a proven payment did to its appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPayment {
    /// PendingPayment → Confirmed, hold cleared, confirmation jobs enqueued.
    Confirmed,
    /// Expired → Confirmed: the hold had run out but the slot was still free.
    ConfirmedAfterExpiry,
    /// It was confirmed already (pay after the booking).
    AlreadyConfirmed,
    /// The slot was gone or the appointment cancelled: left as it was, and
    /// a `RefundPayment` job enqueued.
    RefundDue,
}

/// A refund the provider completed, to record against its payment.
#[derive(Debug, Clone)]
pub struct RefundToRecord {
    pub payment: PaymentId,
    pub refund_ref: String,
    pub amount: Money,
    pub reason: String,
    pub by: Actor,
    pub now: Timestamp,
    /// Enqueued in the same write when the refund is recorded (not when it
    /// was recorded before): the patient's mail (`effects::on_refunded`).
    pub jobs: Vec<NewJob>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundOutcome {
    Recorded(PaymentRecord),
    /// This refund ref was recorded before: nothing written.
    AlreadyRecorded(PaymentRecord),
}

#[derive(Debug, thiserror::Error)]
pub enum PaymentStoreError {
    /// No such appointment of this patient.
    #[error("appointment not found")]
    AppointmentNotFound,
    #[error("the appointment is paid already")]
    AlreadyPaid,
    /// Cancelled, expired, completed, or held by another provider's open checkout.
    #[error("the appointment cannot be paid now")]
    NotPayable,
    /// No payment is known by that id or reference.
    #[error("payment not found")]
    PaymentNotFound,
    /// The payment state machine refused (a refund above what was paid, a
    /// checkout reference that differs from the stored one).
    #[error(transparent)]
    Transition(#[from] PaymentTransitionError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// In one write: the appointment's open payment if there is one (a double
    /// click never makes two), else a new `Created` payment for the stored
    /// amount, with payment_status `pending`.
    /// Errors: `AppointmentNotFound` (also another patient's), `AlreadyPaid`,
    /// `NotPayable`.
    async fn open_payment(&self, open: OpenPayment) -> Result<OpenOutcome, PaymentStoreError>;

    /// Created → Pending under the provider's checkout reference; the same
    /// reference again changes nothing.
    /// Errors: `PaymentNotFound`, `Transition` (another reference, not open).
    async fn record_checkout(
        &self,
        payment: PaymentId,
        provider_ref: &str,
        now: Timestamp,
    ) -> Result<PaymentRecord, PaymentStoreError>;

    /// In one write: records the event id (a repeat: `AlreadyApplied`,
    /// nothing written), applies the payment state machine, keeps
    /// appointments.payment_status in step, and on the Paid transition issues
    /// the invoice (the year's next number) and confirms the appointment
    /// (PendingPayment, or Expired when no active appointment of the doctor
    /// overlaps it) with `on_confirmed`, or enqueues a refund when its slot
    /// is gone. Another amount or currency than asked is flagged, not paid.
    /// Errors: `PaymentNotFound` (nothing written).
    async fn apply_payment_event(
        &self,
        apply: EventToApply,
    ) -> Result<EventOutcome, PaymentStoreError>;

    /// Records a completed refund once (by its reference) and moves the
    /// payment to PartiallyRefunded or Refunded, payment_status in step.
    /// Errors: `PaymentNotFound`, `Transition` (more than paid, not paid).
    async fn record_refund(
        &self,
        refund: RefundToRecord,
    ) -> Result<RefundOutcome, PaymentStoreError>;

    /// Flags the payment for admins with the reason.
    /// Errors: `PaymentNotFound`.
    async fn flag_payment(
        &self,
        payment: PaymentId,
        reason: &str,
        now: Timestamp,
    ) -> Result<(), PaymentStoreError>;

    async fn payment(&self, id: PaymentId) -> Result<Option<PaymentRecord>, StoreError>;

    /// The payment an event concerns: by our id when the provider echoes it
    /// (and it is this provider's), else by its checkout reference, else
    /// (refunds) by its transaction reference.
    async fn payment_for_event(
        &self,
        provider: Provider,
        event: &PaymentEvent,
    ) -> Result<Option<PaymentRecord>, StoreError>;

    /// The payment whose checkout at `provider` is `provider_ref`.
    async fn payment_by_ref(
        &self,
        provider: Provider,
        provider_ref: &str,
    ) -> Result<Option<PaymentRecord>, StoreError>;

    /// The appointment's payments, newest first.
    async fn payments_of_appointment(
        &self,
        appointment: AppointmentId,
    ) -> Result<Vec<PaymentRecord>, StoreError>;

    /// The patient's payments, newest first (GET /payments).
    async fn payments_of_patient(
        &self,
        patient: PatientId,
    ) -> Result<Vec<PaymentRecord>, StoreError>;

    /// The invoice, for its own patient only: another patient's is `None`.
    async fn invoice_for_patient(
        &self,
        number: InvoiceNumber,
        patient: PatientId,
    ) -> Result<Option<Invoice>, StoreError>;

    /// Payments still pending whose last change is at or before `before`
    /// (reconciliation), oldest first.
    async fn pending_since(&self, before: Timestamp) -> Result<Vec<PaymentRecord>, StoreError>;

    /// One page of the patient's payments, newest first, sorted and cut in
    /// the store (GET /payments).
    async fn payment_history(
        &self,
        patient: PatientId,
        limit: i64,
        offset: i64,
    ) -> Result<PaymentHistory, StoreError>;

    /// The invoice by its number, whoever it belongs to (staff's view).
    async fn invoice(&self, number: InvoiceNumber) -> Result<Option<Invoice>, StoreError>;

    /// The payment's refunds, oldest first.
    async fn refunds_of_payment(&self, payment: PaymentId) -> Result<Vec<RefundEntry>, StoreError>;
}
