//! Staff change an appointment's status: completed or missed once it has
//! begun, or cancelled for the patient (at any time, the notice does not
//! bind the clinic). Each goes through the state machine, writes its history
//! entry and is audited with who did it (the store writes the audit row
//! in the status change's own transaction).

use super::{AppointmentDesk, StartMeetingError};
use crate::model::{
    Actor, Appointment, AppointmentId, AppointmentStatus, CancelledBy, DoctorId, InvalidTransition,
    StaffId,
};
use crate::ports::{BookingConflict, StatusChange, StoreError};
use crate::services::jobs::effects;
use crate::services::Cause;

/// Whose appointments a member of staff may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffScope {
    /// An admin: every appointment of the clinic.
    Clinic,
    /// A doctor: only their own; another's is "not found".
    Doctor(DoctorId),
}

/// Who changes it: the staff member and their address.
#[derive(Debug, Clone)]
pub struct StaffHand {
    pub staff: StaffId,
    pub scope: StaffScope,
    pub client: Option<String>,
}

/// A staff cancellation: why, told to the patient. The payment's refund
/// choice belongs beside the reason.
#[derive(Debug, Clone, Default)]
pub struct StaffCancellation {
    pub reason: String,
    /// Refund a paid appointment under `payments.refund_policy` (a job
    /// written with the cancellation); otherwise staff refund by hand.
    pub refund: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffStatusError {
    #[error("no such appointment")]
    NotFound,
    #[error("An appointment that is {} cannot be {}.", .0.from, .0.action)]
    Refused(InvalidTransition),
    #[error("This consultation has not begun yet; it can be marked once its time has come.")]
    NotBegun,
    #[error("Say why the appointment is cancelled; the patient is told.")]
    ReasonMissing,
    #[error("The reason can be at most 500 characters.")]
    ReasonTooLong,
    #[error("The appointment changed meanwhile; please look at it again.")]
    Changed,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for StaffStatusError {
    fn from(error: StoreError) -> Self {
        StaffStatusError::Unexpected(error.into())
    }
}

impl From<BookingConflict> for StaffStatusError {
    fn from(conflict: BookingConflict) -> Self {
        match conflict {
            BookingConflict::Store(error) => StaffStatusError::Unexpected(error.into()),
            _ => StaffStatusError::Changed,
        }
    }
}

/// The staff's outcomes of a consultation that has taken its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    NoShow,
}

impl Outcome {
    fn apply(self, status: AppointmentStatus) -> Result<AppointmentStatus, InvalidTransition> {
        match self {
            Outcome::Completed => status.complete(),
            Outcome::NoShow => status.no_show(),
        }
    }
}

impl AppointmentDesk {
    /// The appointment, if it exists and lies within the scope.
    pub async fn in_scope(
        &self,
        scope: StaffScope,
        id: AppointmentId,
    ) -> Result<Appointment, StaffStatusError> {
        let appointment = self
            .booking
            .appointment(id)
            .await?
            .ok_or(StaffStatusError::NotFound)?;
        match scope {
            StaffScope::Doctor(doctor) if appointment.doctor_id != doctor => {
                Err(StaffStatusError::NotFound)
            }
            _ => Ok(appointment),
        }
    }

    /// Marks a confirmed consultation completed or missed, once it has begun.
    pub async fn record_outcome(
        &self,
        hand: &StaffHand,
        id: AppointmentId,
        outcome: Outcome,
    ) -> Result<Appointment, StaffStatusError> {
        let appointment = self.in_scope(hand.scope, id).await?;
        let to = outcome
            .apply(appointment.status)
            .map_err(StaffStatusError::Refused)?;
        let now = self.clock.now();
        if now < appointment.starts_at {
            return Err(StaffStatusError::NotBegun);
        }
        let changed = self
            .booking
            .change_status(StatusChange {
                id,
                from: appointment.status,
                to,
                cancelled_by: None,
                note: None,
                by: Actor::Staff(hand.staff),
                now,
                jobs: Vec::new(),
            })
            .await?;
        Ok(changed)
    }

    /// Cancels for the patient, who gets the usual cancellation mail, and
    /// a refund when asked for.
    pub async fn cancel_for_patient(
        &self,
        hand: &StaffHand,
        id: AppointmentId,
        cancellation: &StaffCancellation,
    ) -> Result<Appointment, StaffStatusError> {
        let reason = cancellation.reason.trim();
        if reason.is_empty() {
            return Err(StaffStatusError::ReasonMissing);
        }
        if reason.chars().count() > 500 {
            return Err(StaffStatusError::ReasonTooLong);
        }
        let appointment = self.in_scope(hand.scope, id).await?;
        let to = appointment
            .status
            .cancel()
            .map_err(StaffStatusError::Refused)?;
        let now = self.clock.now();
        let changed = self
            .booking
            .change_status(StatusChange {
                id,
                from: appointment.status,
                to,
                cancelled_by: Some(CancelledBy::Staff),
                note: Some(reason.to_owned()),
                by: Actor::Staff(hand.staff),
                now,
                jobs: if cancellation.refund {
                    effects::on_cancelled_by_clinic(&appointment, now)
                } else {
                    effects::on_cancelled(now)
                },
            })
            .await?;
        Ok(changed)
    }

    /// "Start meeting" from a scope: a doctor starts only their own.
    pub async fn start_meeting_as(
        &self,
        hand: &StaffHand,
        id: AppointmentId,
    ) -> Result<String, StartMeetingError> {
        match self.in_scope(hand.scope, id).await {
            Ok(_) => {}
            Err(StaffStatusError::Unexpected(cause)) => {
                return Err(StartMeetingError::Unexpected(cause))
            }
            Err(_) => return Err(StartMeetingError::NotFound),
        }
        self.start_meeting(hand.staff, id, hand.client.clone())
            .await
    }
}
