//! What each kind of job does. Every effect is idempotent, since a job may run
//! more than once: the meeting link is stored once, a mail is sent once per Message-ID.

use super::mails::{InviteVersion, MailKind, Mails};
use super::JobError;
use consulta_domain::model::{Appointment, AppointmentStatus};
use consulta_domain::ports::{
    AccountStore, BookingStore, Clock, DoctorStore, Job, JobKind, MailError, Mailer, MeetingError,
    MeetingProvider, MeetingRequest, Outbox, StatusChange,
};
use std::sync::Arc;

#[derive(Clone)]
pub struct JobRunner {
    pub booking: Arc<dyn BookingStore>,
    pub accounts: Arc<dyn AccountStore>,
    pub doctors: Arc<dyn DoctorStore>,
    pub outbox: Arc<dyn Outbox>,
    pub meetings: Arc<dyn MeetingProvider>,
    pub mailer: Arc<dyn Mailer>,
    pub mails: Mails,
    pub clock: Arc<dyn Clock>,
}

fn temporary(error: impl std::fmt::Display) -> JobError {
    JobError::Temporary(error.to_string())
}

impl JobRunner {
    pub async fn run(&self, job: &Job) -> Result<(), JobError> {
        let appointment = self
            .booking
            .appointment(job.appointment)
            .await
            .map_err(temporary)?
            .ok_or_else(|| {
                JobError::Permanent(format!("appointment {} does not exist", job.appointment))
            })?;
        match job.kind {
            JobKind::CreateMeeting => self.create_meeting(&appointment).await,
            JobKind::SendConfirmation => self.send(&appointment, MailKind::Confirmation).await,
            JobKind::SendRescheduled => self.send(&appointment, MailKind::Rescheduled).await,
            JobKind::SendCancellation => self.send(&appointment, MailKind::Cancellation).await,
            JobKind::ExpireHold => self.expire_hold(&appointment).await,
        }
    }

    async fn create_meeting(&self, appointment: &Appointment) -> Result<(), JobError> {
        if appointment.zoom_link.is_some() || appointment.status != AppointmentStatus::Confirmed {
            return Ok(());
        }
        let timezone = match self
            .doctors
            .doctor(appointment.doctor_id)
            .await
            .map_err(temporary)?
        {
            Some(doctor) => doctor.profile.timezone.as_str().to_owned(),
            None => "UTC".to_owned(),
        };
        let request = MeetingRequest {
            appointment: appointment.id,
            topic: format!("Consultation with {}", appointment.doctor_name),
            starts_at: appointment.starts_at,
            minutes: appointment
                .ends_at
                .duration_since(appointment.starts_at)
                .as_mins(),
            timezone,
        };
        let meeting = self
            .meetings
            .create_meeting(&request)
            .await
            .map_err(|e| match e {
                MeetingError::Temporary { message, .. } => JobError::Temporary(message),
                MeetingError::Permanent(m) => JobError::Permanent(m),
            })?;
        self.booking
            .set_meeting_link(appointment.id, &meeting.join_url)
            .await
            .map_err(temporary)?;
        Ok(())
    }

    async fn send(&self, appointment: &Appointment, kind: MailKind) -> Result<(), JobError> {
        if kind == MailKind::Confirmation
            && appointment.status == AppointmentStatus::Confirmed
            && appointment.zoom_link.is_none()
        {
            // The confirmation carries the link: wait for the meeting job.
            return Err(JobError::Temporary(
                "the meeting link is not ready yet".into(),
            ));
        }
        let message_id = self.mails.message_id(appointment, kind);
        if self
            .outbox
            .mail_sent(&message_id)
            .await
            .map_err(temporary)?
        {
            return Ok(());
        }
        let patient = self
            .accounts
            .patient(appointment.patient_id)
            .await
            .map_err(temporary)?
            .ok_or_else(|| JobError::Permanent("the patient no longer exists".into()))?;
        let zone = match self
            .doctors
            .doctor(appointment.doctor_id)
            .await
            .map_err(temporary)?
        {
            Some(doctor) => doctor.profile.timezone.time_zone(),
            None => jiff::tz::TimeZone::UTC,
        };
        // One history entry per change, so later invites supersede earlier ones.
        let changes = self
            .booking
            .history(appointment.id)
            .await
            .map_err(temporary)?
            .len();
        let sequence = u32::try_from(changes.saturating_sub(1)).unwrap_or(u32::MAX);
        let mail = self
            .mails
            .compose(
                appointment,
                &patient,
                &zone,
                kind,
                message_id.clone(),
                InviteVersion {
                    sequence,
                    issued_at: self.clock.now(),
                },
            )
            .map_err(|e| JobError::Permanent(e.to_string()))?;
        self.mailer.send(&mail).await.map_err(|e| match e {
            MailError::Temporary(m) => JobError::Temporary(m),
            MailError::Permanent(m) => JobError::Permanent(m),
        })?;
        self.outbox
            .record_mail_sent(&message_id, self.clock.now())
            .await
            .map_err(temporary)
    }

    async fn expire_hold(&self, appointment: &Appointment) -> Result<(), JobError> {
        let now = self.clock.now();
        if appointment.status != AppointmentStatus::PendingPayment {
            return Ok(());
        }
        if appointment.hold_until.is_some_and(|until| until > now) {
            return Err(JobError::Temporary("the hold has not run out yet".into()));
        }
        let change = StatusChange {
            id: appointment.id,
            from: AppointmentStatus::PendingPayment,
            to: AppointmentStatus::Expired,
            cancelled_by: None,
            note: Some("The hold ran out before payment.".into()),
            by: "system".into(),
            now,
            jobs: Vec::new(),
        };
        match self.booking.change_status(change).await {
            Ok(_) | Err(consulta_domain::ports::BookingConflict::Changed) => Ok(()),
            Err(other) => Err(temporary(other)),
        }
    }
}
