//! Turning a notice about an appointment into a mail: the words live in
//! templates outside the core; what to say, to whom and when is decided here.

use crate::model::{Appointment, Email, Patient};
use crate::ports::OutgoingMail;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Which notice a mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Booked and confirmed: with the video link, or saying it will follow.
    Confirmation,
    /// The video link, after a confirmation that went out without it.
    MeetingLink,
    /// Moved: the time it had.
    Rescheduled {
        from: Timestamp,
    },
    Cancellation,
    /// Before the consultation, this long before it starts.
    Reminder {
        minutes_before: i64,
    },
}

impl NoticeKind {
    /// The part of the Message-ID that names the effect, stable across retries.
    pub fn message_key(&self, appointment: &Appointment) -> String {
        let id = appointment.id;
        match self {
            Self::Confirmation => format!("appointment-{id}-confirmation"),
            Self::MeetingLink => format!("appointment-{id}-meeting-link"),
            Self::Rescheduled { .. } => format!(
                "appointment-{id}-rescheduled-{}",
                appointment.starts_at.as_second()
            ),
            Self::Cancellation => format!("appointment-{id}-cancellation"),
            Self::Reminder { minutes_before } => format!(
                "appointment-{id}-reminder-{}-{minutes_before}",
                appointment.starts_at.as_second()
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub kind: NoticeKind,
    pub appointment: &'a Appointment,
    pub patient: &'a Patient,
    pub doctor_zone: &'a TimeZone,
    /// The calendar invite's SEQUENCE: higher than every invite sent before.
    pub invite_sequence: u32,
    /// The meeting's passcode, for the patient's eyes only.
    pub passcode: Option<String>,
    pub issued_at: Timestamp,
    pub message_id: String,
    /// Whether the patient may still move or cancel it online; if not, the
    /// mail says how to reach the clinic instead.
    pub can_change: bool,
    /// Whether the mail carries a "Pay now" link: paid after booking
    /// (`payments.policy = "after"`, payments enabled) and not paid yet.
    pub pay_now: bool,
    /// Confirmed by a payment that came after its hold ran out, while the
    /// slot was still free: the confirmation says so.
    pub paid_late: bool,
}

/// What a doctor is told about one of their appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoctorNoticeKind {
    Booked,
    /// Moved: the time it had.
    Moved {
        from: Timestamp,
    },
    Cancelled,
}

impl DoctorNoticeKind {
    /// The part of the Message-ID that names the effect, stable across retries.
    /// Not `appointment-…`: those are the patient's mails.
    pub fn message_key(&self, appointment: &Appointment) -> String {
        let id = appointment.id;
        match self {
            Self::Booked => format!("doctor-appointment-{id}-booked"),
            Self::Moved { .. } => format!(
                "doctor-appointment-{id}-moved-{}",
                appointment.starts_at.as_second()
            ),
            Self::Cancelled => format!("doctor-appointment-{id}-cancelled"),
        }
    }
}

/// A mail to the doctor: the patient's name, the time in the doctor's zone
/// and the reason; never the patient's medical history or contact details.
#[derive(Debug, Clone)]
pub struct DoctorNotice<'a> {
    pub kind: DoctorNoticeKind,
    pub appointment: &'a Appointment,
    pub patient_name: &'a str,
    pub doctor_email: &'a Email,
    pub doctor_zone: &'a TimeZone,
    pub message_id: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the mail could not be written: {0}")]
pub struct RenderError(pub String);

pub trait NoticeRenderer: Send + Sync {
    /// The full Message-ID for a notice's key (`<key@host>`).
    fn message_id(&self, key: &str) -> String;

    fn render(&self, notice: &Notice<'_>) -> Result<OutgoingMail, RenderError>;

    fn render_for_doctor(&self, notice: &DoctorNotice<'_>) -> Result<OutgoingMail, RenderError>;
}
