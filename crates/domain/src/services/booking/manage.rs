//! A patient cancelling or moving their own appointment.

use super::book::Booker;
use super::Booking;
use crate::model::{
    Actor, Appointment, AppointmentId, CancelledBy, InvalidTransition, PatientId, StaffId,
};
use crate::ports::{BookingConflict, Move, StatusChange, StoreError};
use crate::schedule::{check_offered, NotOffered};
use crate::services::jobs::effects;
use crate::services::Cause;
use jiff::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// Not the patient's, or no such appointment: the same answer either way.
    #[error("no such appointment")]
    NotFound,
    #[error("{0}")]
    InvalidTransition(InvalidTransition),
    #[error("Appointments can be changed or cancelled up to {hours} hours before they start.")]
    TooLate { hours: i64 },
    #[error("{0}")]
    NotOffered(NotOffered),
    #[error("This slot was just taken.")]
    SlotTaken,
    #[error("You already have an appointment at this time.")]
    PatientBusy,
    #[error("The appointment changed meanwhile; please look at it again.")]
    Changed,
    #[error("Please choose a different time from the current one.")]
    SameTime,
    #[error("The note can be at most 500 characters.")]
    NoteTooLong,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ManageError {
    fn from(error: StoreError) -> Self {
        ManageError::Unexpected(error.into())
    }
}

impl From<BookingConflict> for ManageError {
    fn from(conflict: BookingConflict) -> Self {
        match conflict {
            BookingConflict::SlotTaken => ManageError::SlotTaken,
            BookingConflict::PatientBusy => ManageError::PatientBusy,
            BookingConflict::Changed | BookingConflict::TooManyUpcoming => ManageError::Changed,
            BookingConflict::Store(error) => ManageError::Unexpected(error.into()),
        }
    }
}

impl Booking {
    async fn owned(
        &self,
        patient: PatientId,
        id: AppointmentId,
    ) -> Result<Appointment, ManageError> {
        self.own_appointment(patient, id)
            .await?
            .ok_or(ManageError::NotFound)
    }

    fn within_notice(&self, appointment: &Appointment, now: Timestamp) -> Result<(), ManageError> {
        let deadline = appointment
            .starts_at
            .saturating_sub(self.policy.cancel_notice)
            .unwrap_or(appointment.starts_at);
        if now > deadline {
            return Err(ManageError::TooLate {
                hours: self.policy.cancel_notice.as_hours(),
            });
        }
        Ok(())
    }

    /// Whether an appointment starting at `starts_at`, booked now, could still be
    /// cancelled or moved online: false inside the cancellation notice, which the
    /// review page says before the patient confirms.
    pub fn changeable_once_booked(&self, starts_at: Timestamp) -> bool {
        let deadline = starts_at
            .saturating_sub(self.policy.cancel_notice)
            .unwrap_or(starts_at);
        self.clock.now() <= deadline
    }

    /// Whether the patient may still cancel or move it (for showing the buttons).
    pub fn can_change(&self, appointment: &Appointment) -> bool {
        let now = self.clock.now();
        appointment.is_active_at(now) && self.within_notice(appointment, now).is_ok()
    }

    pub async fn cancel(
        &self,
        patient: PatientId,
        id: AppointmentId,
        reason: &str,
    ) -> Result<Appointment, ManageError> {
        let note = reason.trim();
        if note.chars().count() > 500 {
            return Err(ManageError::NoteTooLong);
        }
        let appointment = self.owned(patient, id).await?;
        let to = appointment
            .status
            .cancel()
            .map_err(ManageError::InvalidTransition)?;
        let now = self.clock.now();
        self.within_notice(&appointment, now)?;
        let change = StatusChange {
            id,
            from: appointment.status,
            to,
            cancelled_by: Some(CancelledBy::Patient),
            note: (!note.is_empty()).then(|| note.to_owned()),
            by: Actor::Patient(patient),
            now,
            jobs: effects::on_cancelled(now),
        };
        Ok(self.store.change_status(change).await?)
    }

    pub async fn reschedule(
        &self,
        patient: PatientId,
        id: AppointmentId,
        new_start: Timestamp,
    ) -> Result<Appointment, ManageError> {
        let appointment = self.owned(patient, id).await?;
        appointment
            .status
            .reschedule()
            .map_err(ManageError::InvalidTransition)?;
        self.within_notice(&appointment, self.clock.now())?;
        self.move_as(Booker::Patient, appointment, new_start).await
    }

    /// Staff moving a patient's appointment: neither the cancellation notice
    /// nor the minimum notice and horizon apply; the store's no-overlap
    /// rules do. The patient gets the same mails as for their own move.
    pub async fn reschedule_for_patient(
        &self,
        staff: StaffId,
        id: AppointmentId,
        new_start: Timestamp,
    ) -> Result<Appointment, ManageError> {
        let appointment = self
            .store
            .appointment(id)
            .await?
            .ok_or(ManageError::NotFound)?;
        appointment
            .status
            .reschedule()
            .map_err(ManageError::InvalidTransition)?;
        self.move_as(Booker::Staff(staff), appointment, new_start)
            .await
    }

    /// Staff cancelling for the clinic (the doctor is away, the patient
    /// phoned): no notice applies; through the state machine, with the
    /// clinic's cancellation effects.
    pub async fn cancel_for_clinic(
        &self,
        staff: StaffId,
        id: AppointmentId,
        note: &str,
    ) -> Result<Appointment, ManageError> {
        let note = note.trim();
        if note.chars().count() > 500 {
            return Err(ManageError::NoteTooLong);
        }
        let appointment = self
            .store
            .appointment(id)
            .await?
            .ok_or(ManageError::NotFound)?;
        let to = appointment
            .status
            .cancel()
            .map_err(ManageError::InvalidTransition)?;
        let now = self.clock.now();
        let change = StatusChange {
            id,
            from: appointment.status,
            to,
            cancelled_by: Some(CancelledBy::Staff),
            note: (!note.is_empty()).then(|| note.to_owned()),
            by: Actor::Staff(staff),
            now,
            jobs: effects::on_cancelled_by_clinic(&appointment, now),
        };
        Ok(self.store.change_status(change).await?)
    }

    async fn move_as(
        &self,
        who: Booker,
        appointment: Appointment,
        new_start: Timestamp,
    ) -> Result<Appointment, ManageError> {
        let id = appointment.id;
        let now = self.clock.now();
        if new_start == appointment.starts_at {
            return Err(ManageError::SameTime);
        }
        let doctor = self
            .bookable_doctor(appointment.doctor_id)
            .await
            .map_err(|e| ManageError::Unexpected(e.into()))?;
        let (rules, taken) = self
            .rules_and_taken(&doctor, (new_start, new_start), now)
            .await?;
        let rules = match who {
            Booker::Patient => rules,
            Booker::Staff(_) => rules.without_patient_limits(),
        };
        // The appointment being moved does not stand in its own way.
        let others: Vec<_> = taken
            .into_iter()
            .filter(|t| {
                !(t.starts_at() == appointment.starts_at && t.ends_at() == appointment.ends_at)
            })
            .collect();
        let slot =
            check_offered(&rules, &others, new_start, now).map_err(|reason| match reason {
                NotOffered::Taken => ManageError::SlotTaken,
                other => ManageError::NotOffered(other),
            })?;
        let change = Move {
            id,
            expected_starts_at: appointment.starts_at,
            new_starts_at: slot.starts_at(),
            new_ends_at: slot.ends_at(),
            local_date: slot.local_date().to_string(),
            local_time: slot.local_time(),
            buffer: doctor.profile.buffer.duration(),
            now,
            by: match who {
                Booker::Patient => Actor::Patient(appointment.patient_id),
                Booker::Staff(staff) => Actor::Staff(staff),
            },
            jobs: effects::on_moved(
                appointment.starts_at,
                slot.starts_at(),
                now,
                &self.policy.notices,
            ),
        };
        Ok(self.store.move_appointment(change).await?)
    }
}
