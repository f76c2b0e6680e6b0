//! The appointment's video meeting: made when it is confirmed, moved with it,
//! deleted when it is cancelled. Storing the meeting enqueues the mail that
//! carries its link, in the same write.

use super::{meeting_fault, Fault, JobRunner, RACE_ROUNDS};
use crate::model::{
    Appointment, AppointmentStatus, ConfirmationSent, Dedupe, Job, JobKind, JobOutcome, JobPayload,
    NewJob,
};
use crate::ports::{BookingConflict, Meeting, MeetingRequest};
use jiff::Timestamp;

impl JobRunner {
    async fn meeting_request(&self, a: &Appointment) -> Result<MeetingRequest, Fault> {
        let doctor = self.ports.doctors.doctor(a.doctor_id).await?;
        let timezone = doctor
            .map(|d| d.profile.timezone.as_str().to_owned())
            .ok_or_else(|| Fault::Dead(format!("doctor {} does not exist", a.doctor_id)))?;
        Ok(MeetingRequest {
            appointment: a.id,
            topic: format!("Consultation with {}", a.doctor_name),
            starts_at: a.starts_at,
            minutes: a.ends_at.duration_since(a.starts_at).as_mins(),
            timezone,
        })
    }

    pub(super) async fn create_meeting(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        // Never for a hold still waiting for payment, nor for one that ended.
        if appointment.status != AppointmentStatus::Confirmed || appointment.meeting_id.is_some() {
            return Ok(JobOutcome::Done);
        }
        let request = self.meeting_request(&appointment).await?;
        let meeting = self
            .ports
            .meetings
            .create_meeting(&request)
            .await
            .map_err(|e| meeting_fault(e, self.now()))?;
        self.store_meeting(appointment, &meeting, request.starts_at)
            .await?;
        Ok(JobOutcome::Done)
    }

    /// Stores the meeting with what follows from the appointment as it is
    /// when the write applies; a change meanwhile means deciding again.
    async fn store_meeting(
        &self,
        mut appointment: Appointment,
        meeting: &Meeting,
        made_for: Timestamp,
    ) -> Result<(), Fault> {
        for _ in 0..RACE_ROUNDS {
            let now = self.now();
            let jobs = after_meeting(&appointment, meeting, made_for, now);
            match self
                .ports
                .booking
                .store_meeting(appointment.id, meeting, appointment.version, jobs, now)
                .await
            {
                Ok(()) => return Ok(()),
                Err(BookingConflict::Changed) => {
                    appointment = self.reread(appointment.id).await?;
                    if appointment.meeting_id.is_some()
                        && appointment.meeting_id.as_deref() != Some(meeting.id.as_str())
                    {
                        // Another run stored its meeting first: this one is spare.
                        self.ports
                            .meetings
                            .delete_meeting(&meeting.id)
                            .await
                            .map_err(|e| meeting_fault(e, self.now()))?;
                        return Ok(());
                    }
                }
                Err(BookingConflict::Store(error)) => return Err(error.into()),
                Err(other) => {
                    return Err(Fault::Retry {
                        error: other.to_string(),
                        not_before: None,
                    })
                }
            }
        }
        Err(Fault::Retry {
            error: "the appointment kept changing while its meeting was stored".into(),
            not_before: None,
        })
    }

    pub(super) async fn update_meeting(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        // Without a meeting yet, the create job makes it at the current time
        // (and, if it raced with the move, enqueues this job again).
        let Some(meeting_id) = appointment.meeting_id.clone() else {
            return Ok(JobOutcome::Done);
        };
        if appointment.status != AppointmentStatus::Confirmed {
            return Ok(JobOutcome::Done);
        }
        let request = self.meeting_request(&appointment).await?;
        self.ports
            .meetings
            .update_meeting(&meeting_id, &request)
            .await
            .map_err(|e| meeting_fault(e, self.now()))?;
        Ok(JobOutcome::Done)
    }

    pub(super) async fn delete_meeting(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let meeting_id = match &job.payload {
            JobPayload::Meeting { id } => Some(id.clone()),
            _ => self.appointment(job).await?.meeting_id,
        };
        // No meeting yet: a create still running sees the cancellation when
        // it stores its meeting, and enqueues the delete then.
        let Some(meeting_id) = meeting_id else {
            return Ok(JobOutcome::Done);
        };
        self.ports
            .meetings
            .delete_meeting(&meeting_id)
            .await
            .map_err(|e| meeting_fault(e, self.now()))?;
        Ok(JobOutcome::Done)
    }
}

/// What storing a meeting enqueues, given the appointment as read.
pub(super) fn after_meeting(
    a: &Appointment,
    meeting: &Meeting,
    made_for: Timestamp,
    now: Timestamp,
) -> Vec<NewJob> {
    if a.status != AppointmentStatus::Confirmed {
        // Cancelled while the meeting was being made: it must not stay.
        return vec![NewJob::for_appointment(JobKind::DeleteMeeting, now)
            .with_payload(JobPayload::Meeting {
                id: meeting.id.clone(),
            })
            .with_dedupe(Dedupe::PerAppointment(format!("meeting:{}", meeting.id)))];
    }
    let mut jobs = Vec::new();
    if a.starts_at != made_for {
        // Moved while the meeting was being made for the old time.
        jobs.push(
            NewJob::for_appointment(JobKind::UpdateMeeting, now).with_dedupe(
                Dedupe::PerAppointment(format!("moved:{}", a.starts_at.as_second())),
            ),
        );
    }
    match a.confirmation {
        // The confirmation said the link will follow: here it is.
        Some(ConfirmationSent::WithoutLink) => {
            jobs.push(NewJob::for_appointment(JobKind::SendMeetingLink, now));
        }
        Some(ConfirmationSent::WithLink) => {}
        // Still waiting for its link: send it now rather than at the grace.
        None => jobs.push(NewJob::for_appointment(JobKind::SendConfirmation, now)),
    }
    jobs
}
