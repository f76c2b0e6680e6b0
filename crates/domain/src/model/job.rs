//! Jobs: side effects written as rows with the change that causes them, and
//! run later by the worker. A job names what it is about (an appointment, an
//! account) and carries a small typed payload stored as text.

use super::{AccountRef, AppointmentId, PaymentId};
use jiff::Timestamp;
use std::fmt;

/// What a job does. The stored names are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Make the appointment's video meeting, then bring its confirmation forward.
    CreateMeeting,
    /// Move the meeting to the appointment's new time.
    UpdateMeeting,
    /// Delete the meeting of a cancelled appointment.
    DeleteMeeting,
    /// The confirmation mail: with the link, or saying it will follow.
    SendConfirmation,
    /// The video link, when it arrives after a confirmation that lacked it.
    SendMeetingLink,
    SendRescheduled,
    SendCancellation,
    /// A reminder before the consultation (payload: the start it is for).
    SendReminder,
    /// Release a slot whose hold ran out before payment.
    ExpireHold,
    /// Delete sessions past their expiry; plans the next run itself.
    PruneSessions,
    /// After registration: welcome, with the email verification link (payload: the token).
    SendWelcome,
    /// The email verification link sent again (payload: the token).
    SendVerification,
    /// A password reset link (payload: the token).
    SendPasswordReset,
    /// A payment's receipt (payload: the payment).
    SendReceipt,
    /// Refund a payment that came after its slot was given away (payload: the payment).
    RefundPayment,
    /// Ask the provider where a payment pending too long stands (payload: the payment).
    ReconcilePayment,
    /// Enqueue a `ReconcilePayment` for each payment pending too long; plans
    /// the next run itself.
    SweepPayments,
    /// Close the open checkout of an appointment whose hold ran out, where
    /// the provider allows it.
    CloseCheckout,
    /// A payment attempt failed: say so, and how to try again (payload: the payment).
    SendPaymentFailed,
    /// A hold ran out unpaid: the slot was released; book again.
    SendHoldExpired,
    /// A refund was issued: how much, and what remains paid (payload: the refund).
    SendRefund,
    /// A payment that came after its slot was gone was refunded (payload: the refund).
    SendLateRefund,
    /// Mail every admin about a job that died or a payment flagged (payload:
    /// the job or the payment).
    SendAdminAlert,
    /// Refund a paid appointment the clinic cancelled, under
    /// `payments.refund_policy`.
    RefundCancellation,
    /// Tell the doctor (their linked staff account) of a confirmed booking.
    SendDoctorBooked,
    /// Tell the doctor of a move (payload: the move).
    SendDoctorMoved,
    /// Tell the doctor of a cancellation.
    SendDoctorCancelled,
}

impl JobKind {
    pub const ALL: [JobKind; 27] = [
        Self::CreateMeeting,
        Self::UpdateMeeting,
        Self::DeleteMeeting,
        Self::SendConfirmation,
        Self::SendMeetingLink,
        Self::SendRescheduled,
        Self::SendCancellation,
        Self::SendReminder,
        Self::ExpireHold,
        Self::PruneSessions,
        Self::SendWelcome,
        Self::SendVerification,
        Self::SendPasswordReset,
        Self::SendReceipt,
        Self::RefundPayment,
        Self::ReconcilePayment,
        Self::SweepPayments,
        Self::CloseCheckout,
        Self::SendPaymentFailed,
        Self::SendHoldExpired,
        Self::SendRefund,
        Self::SendLateRefund,
        Self::SendAdminAlert,
        Self::RefundCancellation,
        Self::SendDoctorBooked,
        Self::SendDoctorMoved,
        Self::SendDoctorCancelled,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::CreateMeeting => "create_meeting",
            Self::UpdateMeeting => "update_meeting",
            Self::DeleteMeeting => "delete_meeting",
            Self::SendConfirmation => "send_confirmation",
            Self::SendMeetingLink => "send_meeting_link",
            Self::SendRescheduled => "send_rescheduled",
            Self::SendCancellation => "send_cancellation",
            Self::SendReminder => "send_reminder",
            Self::ExpireHold => "expire_hold",
            Self::PruneSessions => "prune_sessions",
            Self::SendWelcome => "send_welcome",
            Self::SendVerification => "send_verification",
            Self::SendPasswordReset => "send_password_reset",
            Self::SendReceipt => "send_receipt",
            Self::RefundPayment => "refund_payment",
            Self::ReconcilePayment => "reconcile_payment",
            Self::SweepPayments => "sweep_payments",
            Self::CloseCheckout => "close_checkout",
            Self::SendPaymentFailed => "send_payment_failed",
            Self::SendHoldExpired => "send_hold_expired",
            Self::SendRefund => "send_refund",
            Self::SendLateRefund => "send_late_refund",
            Self::SendAdminAlert => "send_admin_alert",
            Self::RefundCancellation => "refund_cancellation",
            Self::SendDoctorBooked => "send_doctor_booked",
            Self::SendDoctorMoved => "send_doctor_moved",
            Self::SendDoctorCancelled => "send_doctor_cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == stored)
    }

    /// A mail or a video meeting: what a patient or an admin waits for.
    pub fn is_mail_or_meeting(&self) -> bool {
        !matches!(
            self,
            Self::ExpireHold | Self::PruneSessions | Self::RefundPayment | Self::ReconcilePayment
        )
    }

    /// Words for the admin panel.
    pub fn label(&self) -> &'static str {
        match self {
            Self::CreateMeeting => "Create the video meeting",
            Self::UpdateMeeting => "Move the video meeting",
            Self::DeleteMeeting => "Delete the video meeting",
            Self::SendConfirmation => "Confirmation mail",
            Self::SendMeetingLink => "Video link mail",
            Self::SendRescheduled => "Rescheduled mail",
            Self::SendCancellation => "Cancellation mail",
            Self::SendReminder => "Reminder mail",
            Self::ExpireHold => "Release an unpaid hold",
            Self::PruneSessions => "Delete expired sessions",
            Self::SendWelcome => "Welcome mail",
            Self::SendVerification => "Email verification mail",
            Self::SendPasswordReset => "Password reset mail",
            Self::SendReceipt => "Payment receipt mail",
            Self::RefundPayment => "Refund a late payment",
            Self::ReconcilePayment => "Settle a pending payment",
            Self::SweepPayments => "Look for payments pending too long",
            Self::CloseCheckout => "Close the checkout of a lapsed hold",
            Self::SendPaymentFailed => "Payment failed mail",
            Self::SendHoldExpired => "Hold ran out mail",
            Self::SendRefund => "Refund mail",
            Self::SendLateRefund => "Late payment refunded mail",
            Self::SendAdminAlert => "Alert mail to admins",
            Self::RefundCancellation => "Refund a cancellation by the clinic",
            Self::SendDoctorBooked => "Doctor's booking mail",
            Self::SendDoctorMoved => "Doctor's rescheduled mail",
            Self::SendDoctorCancelled => "Doctor's cancellation mail",
        }
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The small typed facts a job needs beyond its subject, stored as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum JobPayload {
    #[default]
    None,
    /// A move: the start it had and the start it got.
    Moved { from: Timestamp, to: Timestamp },
    /// A reminder: the start it is for, and how long before it is sent.
    Reminder {
        starts_at: Timestamp,
        minutes_before: i64,
    },
    /// A single-use token (email verification, password reset) by its id.
    Token { id: i64 },
    /// A provider's event, by the provider's own id.
    ProviderEvent { provider: String, event_id: String },
    /// A meeting at the provider, by its id (kept when the row no longer has it).
    Meeting { id: String },
    /// A payment, by its id.
    Payment { id: PaymentId },
    /// One refund of a payment, by the provider's (or the desk's) refund id.
    Refund {
        payment: PaymentId,
        refund_ref: String,
    },
    /// Another job, by its id (the one an admin alert is about).
    Job { id: JobId },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored job payload is invalid: {0:?}")]
pub struct PayloadError(pub String);

impl JobPayload {
    /// `moved 1767000000 1767003600`, `reminder 1767000000 1440`, `token 9`,
    /// `event stripe evt_1`, `meeting 85746065432`, `payment 3`, `job 12`,
    /// `refund 3 re_1` (the refund id is the rest, spaces and all), or empty.
    pub fn to_stored(&self) -> String {
        match self {
            Self::None => String::new(),
            Self::Moved { from, to } => format!("moved {} {}", from.as_second(), to.as_second()),
            Self::Reminder {
                starts_at,
                minutes_before,
            } => format!("reminder {} {minutes_before}", starts_at.as_second()),
            Self::Token { id } => format!("token {id}"),
            Self::ProviderEvent { provider, event_id } => format!("event {provider} {event_id}"),
            Self::Meeting { id } => format!("meeting {id}"),
            Self::Payment { id } => format!("payment {id}"),
            Self::Refund {
                payment,
                refund_ref,
            } => format!("refund {payment} {refund_ref}"),
            Self::Job { id } => format!("job {id}"),
        }
    }

    pub fn parse(stored: &str) -> Result<Self, PayloadError> {
        let bad = || PayloadError(stored.to_owned());
        let instant = |text: &str| {
            text.parse::<i64>()
                .ok()
                .and_then(|s| Timestamp::from_second(s).ok())
                .ok_or_else(bad)
        };
        if let Some(rest) = stored.strip_prefix("refund ") {
            let (payment, refund_ref) = rest.split_once(' ').ok_or_else(bad)?;
            if refund_ref.is_empty() {
                return Err(bad());
            }
            return Ok(Self::Refund {
                payment: PaymentId::new(payment.parse().map_err(|_| bad())?),
                refund_ref: refund_ref.to_owned(),
            });
        }
        let parts: Vec<&str> = stored.split(' ').collect();
        Ok(match parts.as_slice() {
            [""] => Self::None,
            ["moved", from, to] => Self::Moved {
                from: instant(from)?,
                to: instant(to)?,
            },
            ["reminder", at, minutes] => Self::Reminder {
                starts_at: instant(at)?,
                minutes_before: minutes.parse().map_err(|_| bad())?,
            },
            ["token", id] => Self::Token {
                id: id.parse().map_err(|_| bad())?,
            },
            ["event", provider, event_id] if !provider.is_empty() && !event_id.is_empty() => {
                Self::ProviderEvent {
                    provider: (*provider).to_owned(),
                    event_id: (*event_id).to_owned(),
                }
            }
            ["meeting", id] if !id.is_empty() => Self::Meeting {
                id: (*id).to_owned(),
            },
            ["payment", id] => Self::Payment {
                id: PaymentId::new(id.parse().map_err(|_| bad())?),
            },
            ["job", id] => Self::Job {
                id: JobId::new(id.parse().map_err(|_| bad())?),
            },
            _ => return Err(bad()),
        })
    }
}

/// Makes enqueuing the same effect twice write one job: unique per kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Dedupe {
    /// Every enqueue is a new job.
    #[default]
    Never,
    /// One job of this kind per appointment (its confirmation, its meeting).
    OncePerAppointment,
    /// One per appointment and this discriminator (a reminder's start and offset).
    PerAppointment(String),
    /// One per this key (a provider's event id, a period of a periodic job).
    Key(String),
}

impl Dedupe {
    /// The stored key, given the appointment the job is about.
    pub fn key(&self, appointment: Option<AppointmentId>) -> Option<String> {
        let about = appointment.map_or_else(|| "none".to_owned(), |id| id.to_string());
        match self {
            Self::Never => None,
            Self::OncePerAppointment => Some(format!("appointment:{about}")),
            Self::PerAppointment(what) => Some(format!("appointment:{about}:{what}")),
            Self::Key(key) => Some(key.clone()),
        }
    }
}

/// A job to enqueue. Inside a write about an appointment (booking, a status
/// change, a move), `appointment: None` means that appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: JobKind,
    pub appointment: Option<AppointmentId>,
    pub account: Option<AccountRef>,
    pub payload: JobPayload,
    /// With a key, enqueuing again while the first is pending only brings it
    /// forward (to the earlier `run_at`); once it is done, nothing happens.
    pub dedupe: Dedupe,
    pub run_at: Timestamp,
}

impl NewJob {
    /// A job about the appointment being written, once per appointment.
    pub fn for_appointment(kind: JobKind, run_at: Timestamp) -> Self {
        Self {
            kind,
            appointment: None,
            account: None,
            payload: JobPayload::None,
            dedupe: Dedupe::OncePerAppointment,
            run_at,
        }
    }

    pub fn about(mut self, appointment: AppointmentId) -> Self {
        self.appointment = Some(appointment);
        self
    }

    pub fn with_payload(mut self, payload: JobPayload) -> Self {
        self.payload = payload;
        self
    }

    pub fn with_dedupe(mut self, dedupe: Dedupe) -> Self {
        self.dedupe = dedupe;
        self
    }
}

/// Stored job states. A pending job with failed attempts behind it is shown
/// as retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    Pending,
    Done,
    Dead,
    /// An admin's choice: it will not run.
    Cancelled,
}

impl JobState {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Done => "done",
            Self::Dead => "dead",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Some(match stored {
            "pending" => Self::Pending,
            "done" => Self::Done,
            "dead" => Self::Dead,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(i64);

impl JobId {
    pub const fn new(raw: i64) -> Self {
        Self(raw)
    }

    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: JobId,
    pub kind: JobKind,
    pub appointment: Option<AppointmentId>,
    pub account: Option<AccountRef>,
    pub payload: JobPayload,
    /// Failed attempts before this one.
    pub attempts: i32,
    pub run_at: Timestamp,
    pub state: JobState,
    pub last_error: Option<String>,
    /// Set while a worker holds it; another worker may take it after this instant.
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl Job {
    /// Pending with failed attempts behind it.
    pub fn is_retrying(&self) -> bool {
        self.state == JobState::Pending && self.attempts > 0
    }

    /// "retrying" for a pending job that has failed before, else the state.
    pub fn shown_state(&self) -> &'static str {
        if self.is_retrying() {
            "retrying"
        } else {
            self.state.as_str()
        }
    }
}

/// What running a job came to; the worker records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    /// Not yet: look again at `at`, without spending an attempt.
    NotYet {
        at: Timestamp,
    },
    /// A fault worth retrying: one attempt spent, next try at `at`.
    RetryAt {
        at: Timestamp,
        error: String,
    },
    /// Retrying cannot fix it; shown to admins with the reason.
    Dead {
        reason: String,
    },
}

#[cfg(test)]
#[path = "job_tests.rs"]
mod tests;
