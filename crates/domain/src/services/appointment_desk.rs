//! What clinic staff see and do on one appointment: its record with its
//! history, its mails and their delivery, its jobs, and the meeting's start
//! link, fetched fresh from the provider and never stored.

mod status;

pub use status::{Outcome, StaffCancellation, StaffHand, StaffScope, StaffStatusError};

use crate::model::{
    AccountRef, Appointment, AppointmentChange, AppointmentId, AppointmentStatus, Job, JobKind,
    JobState, PatientId, StaffId,
};
use crate::ports::{
    AuditEntry, AuditLog, BookingStore, Clock, MeetingError, MeetingProvider, Outbox, StoreError,
};
use crate::services::Cause;
use jiff::Timestamp;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppointmentDesk {
    booking: Arc<dyn BookingStore>,
    outbox: Arc<dyn Outbox>,
    meetings: Arc<dyn MeetingProvider>,
    audit: Arc<dyn AuditLog>,
    clock: Arc<dyn Clock>,
}

/// A mail about the appointment and how its delivery stands.
#[derive(Debug, Clone)]
pub struct MailDelivery {
    pub kind: JobKind,
    pub state: Delivery,
    /// When it went out, or when it is next tried.
    pub at: Timestamp,
    pub attempts: i32,
    /// The mail server's (or renderer's) last answer, for a failure.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting for its time (a reminder, a confirmation waiting for its link).
    Scheduled,
    Retrying,
    Sent,
    /// Refused for good; the reason is the server's answer.
    Failed,
    Cancelled,
}

impl Delivery {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Scheduled => "queued",
            Self::Retrying => "retrying",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// One appointment as staff see it.
#[derive(Debug, Clone)]
pub struct AppointmentFile {
    pub appointment: Appointment,
    pub history: Vec<AppointmentChange>,
    pub mails: Vec<MailDelivery>,
    pub jobs: Vec<Job>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartMeetingError {
    #[error("no such appointment")]
    NotFound,
    #[error("This appointment has no video meeting yet.")]
    NoMeeting,
    #[error("An appointment that is {0} cannot be started.")]
    NotConfirmed(&'static str),
    /// The provider did not give the link; its own words, for staff.
    #[error("The video provider did not give the start link: {0}")]
    Provider(String),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for StartMeetingError {
    fn from(error: StoreError) -> Self {
        StartMeetingError::Unexpected(error.into())
    }
}

fn is_mail(kind: JobKind) -> bool {
    matches!(
        kind,
        JobKind::SendConfirmation
            | JobKind::SendMeetingLink
            | JobKind::SendRescheduled
            | JobKind::SendCancellation
            | JobKind::SendReminder
            | JobKind::SendReceipt
            | JobKind::SendPaymentFailed
            | JobKind::SendHoldExpired
            | JobKind::SendRefund
            | JobKind::SendLateRefund
            | JobKind::SendDoctorBooked
            | JobKind::SendDoctorMoved
            | JobKind::SendDoctorCancelled
    )
}

fn delivery(job: &Job) -> MailDelivery {
    let state = match job.state {
        JobState::Done => Delivery::Sent,
        JobState::Dead => Delivery::Failed,
        JobState::Cancelled => Delivery::Cancelled,
        JobState::Pending if job.attempts > 0 => Delivery::Retrying,
        JobState::Pending => Delivery::Scheduled,
    };
    MailDelivery {
        kind: job.kind,
        state,
        at: job.run_at,
        attempts: job.attempts,
        last_error: job.last_error.clone(),
    }
}

impl AppointmentDesk {
    pub fn new(
        booking: Arc<dyn BookingStore>,
        outbox: Arc<dyn Outbox>,
        meetings: Arc<dyn MeetingProvider>,
        audit: Arc<dyn AuditLog>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            booking,
            outbox,
            meetings,
            audit,
            clock,
        }
    }

    pub async fn file(&self, id: AppointmentId) -> Result<Option<AppointmentFile>, StoreError> {
        let Some(appointment) = self.booking.appointment(id).await? else {
            return Ok(None);
        };
        let history = self.booking.history(id).await?;
        let jobs = self.outbox.jobs_of_appointment(id).await?;
        let mails = jobs
            .iter()
            .filter(|job| is_mail(job.kind))
            .map(delivery)
            .collect();
        Ok(Some(AppointmentFile {
            appointment,
            history,
            mails,
            jobs,
        }))
    }

    /// A patient's appointments, newest first, for their record.
    pub async fn appointments_of(
        &self,
        patient: PatientId,
    ) -> Result<Vec<Appointment>, StoreError> {
        self.booking.appointments_of_patient(patient).await
    }

    /// The host's link to start the meeting, fresh from the provider; the
    /// view is audited, since the link lets its holder run the meeting.
    pub async fn start_meeting(
        &self,
        staff: StaffId,
        id: AppointmentId,
        client: Option<String>,
    ) -> Result<String, StartMeetingError> {
        let appointment = self
            .booking
            .appointment(id)
            .await?
            .ok_or(StartMeetingError::NotFound)?;
        if appointment.status != AppointmentStatus::Confirmed {
            return Err(StartMeetingError::NotConfirmed(appointment.status.label()));
        }
        let meeting = appointment
            .meeting_id
            .as_deref()
            .ok_or(StartMeetingError::NoMeeting)?;
        let link = self
            .meetings
            .start_url(meeting)
            .await
            .map_err(|e| match e {
                MeetingError::Temporary { message, .. } => StartMeetingError::Provider(message),
                MeetingError::Permanent(message) => StartMeetingError::Provider(message),
            })?;
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(AccountRef::Staff(staff)),
                action: "meeting.started".into(),
                subject: Some(format!("appointment:{id}")),
                client,
            })
            .await?;
        Ok(link)
    }
}
