//! The mails about an appointment. Each is sent once per Message-ID: a job
//! run twice finds its mail recorded and sends nothing.

use super::{Fault, JobRunner, RACE_ROUNDS};
use crate::model::{
    Appointment, AppointmentStatus, ConfirmationSent, Job, JobKind, JobOutcome, JobPayload, NewJob,
    PaymentStatus,
};
use crate::ports::{BookingConflict, Notice, NoticeKind};
use jiff::Timestamp;

impl JobRunner {
    pub(super) async fn send_confirmation(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        if appointment.status != AppointmentStatus::Confirmed || appointment.confirmation.is_some()
        {
            return Ok(JobOutcome::Done);
        }
        let now = self.now();
        let deadline = job
            .created_at
            .saturating_add(self.policy.link_grace)
            .unwrap_or(now);
        if appointment.zoom_link.is_none() && now < deadline {
            // The meeting job brings this forward once the link is stored.
            return Ok(JobOutcome::NotYet { at: deadline });
        }
        let sent = if appointment.zoom_link.is_some() {
            ConfirmationSent::WithLink
        } else {
            ConfirmationSent::WithoutLink
        };
        let message_id = self.deliver(&appointment, NoticeKind::Confirmation).await?;
        self.record_confirmation(appointment, sent, &message_id)
            .await?;
        Ok(JobOutcome::Done)
    }

    /// Records the confirmation; if it lacked the link and the link was
    /// stored meanwhile, the same write enqueues the link's own mail.
    async fn record_confirmation(
        &self,
        mut appointment: Appointment,
        sent: ConfirmationSent,
        message_id: &str,
    ) -> Result<(), Fault> {
        for _ in 0..RACE_ROUNDS {
            let now = self.now();
            let jobs = if sent == ConfirmationSent::WithoutLink && appointment.zoom_link.is_some() {
                vec![NewJob::for_appointment(JobKind::SendMeetingLink, now)]
            } else {
                Vec::new()
            };
            match self
                .ports
                .booking
                .record_confirmation(
                    appointment.id,
                    sent,
                    message_id,
                    appointment.version,
                    jobs,
                    now,
                )
                .await
            {
                Ok(()) => return Ok(()),
                Err(BookingConflict::Changed) => {
                    appointment = self.reread(appointment.id).await?;
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
            error: "the appointment kept changing while its confirmation was recorded".into(),
            not_before: None,
        })
    }

    pub(super) async fn send_meeting_link(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        if appointment.status != AppointmentStatus::Confirmed || appointment.zoom_link.is_none() {
            return Ok(JobOutcome::Done);
        }
        self.send_once(&appointment, NoticeKind::MeetingLink).await
    }

    pub(super) async fn send_rescheduled(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        let (from, to) = match job.payload {
            JobPayload::Moved { from, to } => (from, to),
            // Enqueued before jobs carried their move: the history has it.
            _ => match self.last_move(&appointment).await? {
                Some(moved) => moved,
                None => return Err(Fault::Dead("a rescheduled mail without a move".into())),
            },
        };
        // Moved again since: the later move's mail tells the newest time. A
        // move that was true when made is told even if a cancellation
        // follows: its own mail comes after.
        if appointment.starts_at != to {
            return Ok(JobOutcome::Done);
        }
        self.send_once(&appointment, NoticeKind::Rescheduled { from })
            .await
    }

    /// The latest move in the appointment's history: (from, to).
    async fn last_move(&self, a: &Appointment) -> Result<Option<(Timestamp, Timestamp)>, Fault> {
        let history = self.ports.booking.history(a.id).await?;
        Ok(history.iter().rev().find_map(|change| {
            match (change.old_starts_at, change.new_starts_at) {
                (Some(from), Some(to)) if from != to => Some((from, to)),
                _ => None,
            }
        }))
    }

    pub(super) async fn send_reminder(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        let JobPayload::Reminder {
            starts_at,
            minutes_before,
        } = job.payload
        else {
            return Err(Fault::Dead("a reminder without the time it is for".into()));
        };
        // Never for a cancelled or expired one; a moved one has reminders
        // of its own for the new time.
        if appointment.status != AppointmentStatus::Confirmed || appointment.starts_at != starts_at
        {
            return Ok(JobOutcome::Done);
        }
        self.send_once(&appointment, NoticeKind::Reminder { minutes_before })
            .await
    }

    pub(super) async fn send_cancellation(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        if appointment.status != AppointmentStatus::Cancelled {
            return Ok(JobOutcome::Done);
        }
        self.send_once(&appointment, NoticeKind::Cancellation).await
    }

    async fn send_once(&self, a: &Appointment, kind: NoticeKind) -> Result<JobOutcome, Fault> {
        let message_id = self.deliver(a, kind).await?;
        // Every mail about an appointment carries its invite.
        self.ports
            .booking
            .record_notice_sent(a.id, &message_id, true, self.now())
            .await?;
        Ok(JobOutcome::Done)
    }

    /// Composes and sends the notice unless its Message-ID was sent already;
    /// returns the Message-ID for the caller to record.
    async fn deliver(&self, a: &Appointment, kind: NoticeKind) -> Result<String, Fault> {
        let message_id = self.ports.notices.message_id(&kind.message_key(a));
        if self.ports.outbox.mail_sent(&message_id).await? {
            return Ok(message_id);
        }
        let patient = self
            .ports
            .accounts
            .patient(a.patient_id)
            .await?
            .ok_or_else(|| Fault::Dead("the patient no longer exists".into()))?;
        let zone = self
            .ports
            .doctors
            .doctor(a.doctor_id)
            .await?
            .map(|d| d.profile.timezone.time_zone())
            .ok_or_else(|| Fault::Dead(format!("doctor {} does not exist", a.doctor_id)))?;
        let passcode = self.ports.booking.meeting_passcode(a.id).await?;
        let now = self.now();
        let deadline = a
            .starts_at
            .saturating_sub(self.policy.cancel_notice)
            .unwrap_or(a.starts_at);
        // The hold-expired mail may have gone out before the payment came.
        let paid_late = kind == NoticeKind::Confirmation
            && self
                .ports
                .booking
                .history(a.id)
                .await?
                .iter()
                .any(|change| change.new_status == AppointmentStatus::Expired);
        let unpaid = matches!(
            a.payment_status,
            PaymentStatus::Unpaid | PaymentStatus::Pending | PaymentStatus::Failed
        );
        let notice = Notice {
            paid_late,
            pay_now: self.policy.pay_now_offered
                && unpaid
                && a.status == AppointmentStatus::Confirmed
                && matches!(kind, NoticeKind::Confirmation | NoticeKind::Reminder { .. }),
            can_change: a.status == AppointmentStatus::Confirmed && now <= deadline,
            kind,
            appointment: a,
            patient: &patient,
            doctor_zone: &zone,
            invite_sequence: a.invite_sequence,
            passcode,
            issued_at: now,
            message_id: message_id.clone(),
        };
        let mail = self
            .ports
            .notices
            .render(&notice)
            .map_err(|e| Fault::Dead(e.to_string()))?;
        self.ports.mailer.send(&mail).await?;
        Ok(message_id)
    }
}
