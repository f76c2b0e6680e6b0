//! Appointments: booking, moving and cancelling, each one atomic write.

use crate::model::{
    Actor, Appointment, AppointmentChange, AppointmentId, AppointmentStatus, CancelledBy,
    ConfirmationSent, DoctorId, Money, NewJob, PatientId, PaymentStatus, Reason,
};
use crate::ports::{Meeting, StoreError};
use crate::schedule::Taken;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

/// A booking the service has validated against the schedule.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub patient: PatientId,
    pub doctor: DoctorId,
    pub doctor_name: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// The doctor's local "YYYY-MM-DD" and "HH:MM".
    pub local_date: String,
    pub local_time: String,
    pub reason: Reason,
    pub amount: Money,
    /// `Confirmed` (pay after) or `PendingPayment` with `hold_until` (pay before).
    pub status: AppointmentStatus,
    pub payment_status: PaymentStatus,
    pub hold_until: Option<Timestamp>,
    /// The doctor's buffer: no other active appointment of the doctor may lie
    /// within it on either side.
    pub buffer: SignedDuration,
    /// The most active upcoming appointments a patient may hold.
    pub max_upcoming: i64,
    pub now: Timestamp,
    /// Who books: the patient, or staff for them.
    pub by: Actor,
    /// Jobs to enqueue for the new appointment, in the same transaction.
    pub jobs: Vec<NewJob>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookOutcome {
    Booked(AppointmentId),
    /// The same patient already holds this doctor at this start (a double submit).
    AlreadyBooked(AppointmentId),
}

/// Why a booking or a move was refused.
#[derive(Debug, thiserror::Error)]
pub enum BookingConflict {
    /// Another active appointment of the doctor overlaps the slot or its buffer.
    #[error("that slot was just taken")]
    SlotTaken,
    /// The patient has an active appointment overlapping this time, with any doctor.
    #[error("the patient already has an appointment at that time")]
    PatientBusy,
    /// The patient holds `max_upcoming` active upcoming appointments already.
    #[error("the patient has too many upcoming appointments")]
    TooManyUpcoming,
    /// The appointment changed since it was read (status or time): nothing was written.
    #[error("the appointment changed meanwhile")]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Moving a confirmed appointment; the row and its id stay.
#[derive(Debug, Clone)]
pub struct Move {
    pub id: AppointmentId,
    /// The start the service validated against; another start means it changed.
    pub expected_starts_at: Timestamp,
    pub new_starts_at: Timestamp,
    pub new_ends_at: Timestamp,
    pub local_date: String,
    pub local_time: String,
    pub buffer: SignedDuration,
    pub now: Timestamp,
    pub by: Actor,
    pub jobs: Vec<NewJob>,
}

/// A status change from `from` to `to`, applied only if the row is still `from`.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub id: AppointmentId,
    pub from: AppointmentStatus,
    pub to: AppointmentStatus,
    pub cancelled_by: Option<CancelledBy>,
    pub note: Option<String>,
    pub by: Actor,
    pub now: Timestamp,
    pub jobs: Vec<NewJob>,
}

#[async_trait]
pub trait BookingStore: Send + Sync {
    /// In one write transaction: marks expired any hold of this doctor past its
    /// `hold_until` that overlaps the slot; refuses when the slot or its buffer
    /// overlaps an active appointment of the doctor (`SlotTaken`, also on the
    /// unique index), when the patient has an overlapping active appointment
    /// (`PatientBusy`) or too many upcoming ones (`TooManyUpcoming`); returns
    /// `AlreadyBooked` when this patient already holds this doctor at this start;
    /// else inserts the appointment, its first history entry and its jobs.
    async fn book(&self, booking: NewBooking) -> Result<BookOutcome, BookingConflict>;

    async fn appointment(&self, id: AppointmentId) -> Result<Option<Appointment>, StoreError>;

    /// The patient's appointments, newest start first.
    async fn appointments_of_patient(
        &self,
        patient: PatientId,
    ) -> Result<Vec<Appointment>, StoreError>;

    /// Active appointments of the doctor (confirmed, or held with `hold_until`
    /// after `now`) overlapping `[from, to)`.
    async fn taken(
        &self,
        doctor: DoctorId,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<Taken>, StoreError>;

    /// Applies a status change if the row still has `change.from` (else `Changed`),
    /// with a history entry and the jobs, in one transaction.
    async fn change_status(&self, change: StatusChange) -> Result<Appointment, BookingConflict>;

    /// Moves the appointment if it is still confirmed at `expected_starts_at`
    /// (else `Changed`) and the new time is free for the doctor (with buffer) and
    /// the patient, excluding itself; history entry and jobs in the same transaction.
    async fn move_appointment(&self, change: Move) -> Result<Appointment, BookingConflict>;

    /// Stores the provider's meeting (its id and join link) unless one is
    /// stored already, and enqueues `jobs`, in one write, if the appointment
    /// is still at `expected_version` (else `Changed`, nothing written).
    async fn store_meeting(
        &self,
        id: AppointmentId,
        meeting: &Meeting,
        expected_version: i64,
        jobs: Vec<NewJob>,
        now: Timestamp,
    ) -> Result<(), BookingConflict>;

    /// Records a mail about the appointment as sent (by its Message-ID, once)
    /// and, when it carried a calendar invite, raises the invite sequence,
    /// in one write.
    async fn record_notice_sent(
        &self,
        id: AppointmentId,
        message_id: &str,
        carried_invite: bool,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// The meeting's passcode, decrypted, for the appointment's own patient.
    async fn meeting_passcode(&self, id: AppointmentId) -> Result<Option<String>, StoreError>;

    /// Records which confirmation went out and the mail as sent (by its
    /// Message-ID), and enqueues `jobs`, in one write, if the appointment is
    /// still at `expected_version` (else `Changed`, nothing written).
    async fn record_confirmation(
        &self,
        id: AppointmentId,
        sent: ConfirmationSent,
        message_id: &str,
        expected_version: i64,
        jobs: Vec<NewJob>,
        now: Timestamp,
    ) -> Result<(), BookingConflict>;

    /// The appointment's history, oldest first.
    async fn history(&self, id: AppointmentId) -> Result<Vec<AppointmentChange>, StoreError>;
}
