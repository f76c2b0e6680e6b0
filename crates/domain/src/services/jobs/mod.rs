//! What each job does: one use case per job kind, behind the ports, returning
//! an outcome the worker records (done, not yet, retry at, dead). The worker
//! in `web` only polls, runs jobs concurrently and records outcomes.

mod account_mails;
mod admin_alerts;
mod backoff;
mod board;
mod doctor_mails;
pub mod effects;
mod holds;
mod mails;
mod meetings;
mod payment_mails;
mod payments;
mod sessions;

pub use account_mails::{receipt_mail, AccountMailPorts};
pub use admin_alerts::{dead_job_alert, flagged_payment_alert};
pub use backoff::{retry_at, wait_after, MAX_WAIT};
pub use board::{JobActionError, JobBoard};

use crate::model::{Appointment, AppointmentId, Job, JobKind, JobOutcome};
use crate::ports::{
    AccountStore, BookingStore, Clock, DoctorStore, MailError, Mailer, MeetingError,
    MeetingProvider, NoticeRenderer, Outbox, SessionStore, StoreError,
};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// The clinic's settings the jobs follow.
#[derive(Debug, Clone, Copy)]
pub struct JobPolicy {
    /// How long a confirmation waits for its video link.
    pub link_grace: SignedDuration,
    pub session_idle: SignedDuration,
    pub session_absolute: SignedDuration,
    /// Patients may move or cancel online until this long before the start.
    pub cancel_notice: SignedDuration,
    /// Online payment after booking is offered (`payments.policy = "after"`
    /// and `payments.enabled`): the confirmation and reminders of an unpaid
    /// appointment carry a "Pay now" link.
    pub pay_now_offered: bool,
}

/// The ports the jobs use.
#[derive(Clone)]
pub struct JobPorts {
    pub booking: Arc<dyn BookingStore>,
    pub accounts: Arc<dyn AccountStore>,
    pub doctors: Arc<dyn DoctorStore>,
    pub outbox: Arc<dyn Outbox>,
    pub sessions: Arc<dyn SessionStore>,
    pub meetings: Arc<dyn MeetingProvider>,
    pub mailer: Arc<dyn Mailer>,
    pub notices: Arc<dyn NoticeRenderer>,
    pub clock: Arc<dyn Clock>,
    pub account_mail: AccountMailPorts,
    pub payments: crate::services::payments::Payments,
}

#[derive(Clone)]
pub struct JobRunner {
    ports: JobPorts,
    policy: JobPolicy,
}

/// Why a job could not finish this time.
#[derive(Debug)]
pub(crate) enum Fault {
    /// Worth another attempt, no sooner than `not_before` if the provider said so.
    Retry {
        error: String,
        not_before: Option<Timestamp>,
    },
    /// Retrying cannot fix it.
    Dead(String),
}

impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Self {
        // The database is local: a failure is most often passing (a full
        // disk, a locked file), and retrying is harmless.
        Fault::Retry {
            error: error.to_string(),
            not_before: None,
        }
    }
}

impl From<MailError> for Fault {
    fn from(error: MailError) -> Self {
        match error {
            MailError::Temporary(message) => Fault::Retry {
                error: format!("mail: {message}"),
                not_before: None,
            },
            MailError::Permanent(message) => Fault::Dead(format!("mail refused: {message}")),
        }
    }
}

pub(crate) fn meeting_fault(error: MeetingError, now: Timestamp) -> Fault {
    match error {
        MeetingError::Temporary {
            message,
            retry_after,
        } => Fault::Retry {
            error: format!("meeting provider: {message}"),
            not_before: retry_after.and_then(|wait| now.checked_add(wait).ok()),
        },
        MeetingError::Permanent(message) => {
            Fault::Dead(format!("meeting provider refused: {message}"))
        }
    }
}

impl JobRunner {
    pub fn new(ports: JobPorts, policy: JobPolicy) -> Self {
        Self { ports, policy }
    }

    /// Runs one job. Every job is idempotent: it may run again after a crash
    /// or a lost lease, and must then change nothing twice.
    pub async fn run(&self, job: &Job) -> JobOutcome {
        let result = match job.kind {
            JobKind::CreateMeeting => self.create_meeting(job).await,
            JobKind::UpdateMeeting => self.update_meeting(job).await,
            JobKind::DeleteMeeting => self.delete_meeting(job).await,
            JobKind::SendConfirmation => self.send_confirmation(job).await,
            JobKind::SendMeetingLink => self.send_meeting_link(job).await,
            JobKind::SendRescheduled => self.send_rescheduled(job).await,
            JobKind::SendCancellation => self.send_cancellation(job).await,
            JobKind::SendReminder => self.send_reminder(job).await,
            JobKind::ExpireHold => self.expire_hold(job).await,
            JobKind::PruneSessions => self.prune_sessions().await,
            JobKind::SendWelcome | JobKind::SendVerification | JobKind::SendPasswordReset => {
                self.send_token_mail(job).await
            }
            JobKind::SendReceipt => self.send_receipt(job).await,
            JobKind::SendAdminAlert => self.send_admin_alert(job).await,
            JobKind::SendDoctorBooked | JobKind::SendDoctorMoved | JobKind::SendDoctorCancelled => {
                self.send_doctor_notice(job).await
            }
            // They need the gateways and the payment store: the payment
            // use cases run them.
            JobKind::RefundPayment | JobKind::ReconcilePayment | JobKind::RefundCancellation => {
                return self.ports.payments.run_job(job).await
            }
            JobKind::SweepPayments => self.sweep_payments().await,
            JobKind::CloseCheckout => self.close_checkout(job).await,
            JobKind::SendPaymentFailed => self.send_payment_failed(job).await,
            JobKind::SendHoldExpired => self.send_hold_expired(job).await,
            JobKind::SendRefund | JobKind::SendLateRefund => self.send_refund(job).await,
        };
        match result {
            Ok(outcome) => outcome,
            Err(Fault::Retry { error, not_before }) => JobOutcome::RetryAt {
                at: retry_at(self.now(), job.attempts + 1, job.id, not_before),
                error,
            },
            Err(Fault::Dead(reason)) => JobOutcome::Dead { reason },
        }
    }

    fn now(&self) -> Timestamp {
        self.ports.clock.now()
    }

    /// The appointment a job is about, read fresh.
    async fn appointment(&self, job: &Job) -> Result<Appointment, Fault> {
        let id = job
            .appointment
            .ok_or_else(|| Fault::Dead(format!("a {} job names no appointment", job.kind)))?;
        self.reread(id).await
    }

    /// The appointment as it is now, after a write found it changed.
    async fn reread(&self, id: AppointmentId) -> Result<Appointment, Fault> {
        self.ports
            .booking
            .appointment(id)
            .await?
            .ok_or_else(|| Fault::Dead(format!("appointment {id} does not exist")))
    }
}

/// How often a write that lost a race with another change reads again and
/// decides again before it gives up for this attempt.
const RACE_ROUNDS: usize = 5;

#[cfg(test)]
mod tests;
