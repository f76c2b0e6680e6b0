//! Releasing a slot whose hold ran out before payment.

use super::effects::on_hold_expired;
use super::{Fault, JobRunner};
use crate::model::{Actor, AppointmentStatus, Job, JobOutcome};
use crate::ports::{BookingConflict, StatusChange};

impl JobRunner {
    pub(super) async fn expire_hold(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        if appointment.status != AppointmentStatus::PendingPayment {
            return Ok(JobOutcome::Done);
        }
        let now = self.now();
        if let Some(until) = appointment.hold_until.filter(|until| *until > now) {
            return Ok(JobOutcome::NotYet { at: until });
        }
        let Ok(to) = appointment.status.expire() else {
            return Ok(JobOutcome::Done);
        };
        let change = StatusChange {
            id: appointment.id,
            from: appointment.status,
            to,
            cancelled_by: None,
            note: Some(AppointmentStatus::HOLD_EXPIRED_NOTE.into()),
            by: Actor::System,
            now,
            jobs: on_hold_expired(now),
        };
        match self.ports.booking.change_status(change).await {
            // Changed: paid, cancelled or released by a booking meanwhile.
            Ok(_) | Err(BookingConflict::Changed) => Ok(JobOutcome::Done),
            Err(BookingConflict::Store(error)) => Err(error.into()),
            Err(other) => Err(Fault::Retry {
                error: other.to_string(),
                not_before: None,
            }),
        }
    }
}
