//! The doctor's mails about their appointments: booked, moved, cancelled.
//! They go to the staff account linked to the doctor; without one there is
//! nobody to tell and the job is done. They carry the patient's name, the
//! time in the doctor's zone and the reason, never the medical history.

use super::{Fault, JobRunner};
use crate::model::{Appointment, AppointmentStatus, Job, JobKind, JobOutcome, JobPayload};
use crate::ports::{DoctorNotice, DoctorNoticeKind};

impl JobRunner {
    pub(super) async fn send_doctor_notice(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        let kind = match (job.kind, &job.payload) {
            (JobKind::SendDoctorBooked, _) => {
                if appointment.status != AppointmentStatus::Confirmed {
                    return Ok(JobOutcome::Done);
                }
                DoctorNoticeKind::Booked
            }
            (JobKind::SendDoctorMoved, JobPayload::Moved { from, to }) => {
                // Moved again since: the later move's mail tells the newest time.
                if appointment.starts_at != *to {
                    return Ok(JobOutcome::Done);
                }
                DoctorNoticeKind::Moved { from: *from }
            }
            (JobKind::SendDoctorCancelled, _) => {
                if appointment.status != AppointmentStatus::Cancelled
                    || !self.doctor_was_told(&appointment).await?
                {
                    return Ok(JobOutcome::Done);
                }
                DoctorNoticeKind::Cancelled
            }
            (kind, _) => return Err(Fault::Dead(format!("{kind} is not a doctor's mail"))),
        };
        let message_id = self
            .ports
            .notices
            .message_id(&kind.message_key(&appointment));
        if self.ports.outbox.mail_sent(&message_id).await? {
            return Ok(JobOutcome::Done);
        }
        let Some(address) = self
            .ports
            .doctors
            .doctor_mail_address(appointment.doctor_id)
            .await?
        else {
            return Ok(JobOutcome::Done);
        };
        let zone = self
            .ports
            .doctors
            .doctor(appointment.doctor_id)
            .await?
            .map(|d| d.profile.timezone.time_zone())
            .ok_or_else(|| {
                Fault::Dead(format!("doctor {} does not exist", appointment.doctor_id))
            })?;
        let patient = self
            .ports
            .accounts
            .patient_contact(appointment.patient_id)
            .await?
            .ok_or_else(|| Fault::Dead("the patient no longer exists".into()))?;
        let notice = DoctorNotice {
            kind,
            appointment: &appointment,
            patient_name: patient.name.as_str(),
            doctor_email: &address,
            doctor_zone: &zone,
            message_id: message_id.clone(),
        };
        let mail = self
            .ports
            .notices
            .render_for_doctor(&notice)
            .map_err(|e| Fault::Dead(e.to_string()))?;
        self.ports.mailer.send(&mail).await?;
        self.ports
            .booking
            .record_notice_sent(appointment.id, &message_id, false, self.now())
            .await?;
        Ok(JobOutcome::Done)
    }

    /// Whether the doctor heard of the booking: a hold cancelled before it
    /// was paid (or a booking made before these mails) is news to nobody.
    async fn doctor_was_told(&self, appointment: &Appointment) -> Result<bool, Fault> {
        let booked = self
            .ports
            .notices
            .message_id(&DoctorNoticeKind::Booked.message_key(appointment));
        Ok(self.ports.outbox.mail_sent(&booked).await?)
    }
}
