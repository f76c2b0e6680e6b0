//! An appointment, its reason, and the two status machines stored with it.

use super::{Actor, AppointmentId, DoctorId, Money, PatientId};
use crate::validation::has_forbidden_control;
use jiff::Timestamp;
use std::fmt;

/// Why the patient is coming: 5 to 1000 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Reason(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("Tell the doctor briefly why you are coming (at least 5 characters).")]
    TooShort,
    #[error("The reason can be at most 1000 characters.")]
    TooLong,
    #[error("The reason cannot contain control characters.")]
    ControlCharacters,
}

impl Reason {
    pub fn parse(input: &str) -> Result<Self, ReasonError> {
        let trimmed = input.trim();
        let chars = trimmed.chars().count();
        if chars < 5 {
            return Err(ReasonError::TooShort);
        }
        if chars > 1000 {
            return Err(ReasonError::TooLong);
        }
        if has_forbidden_control(trimmed, true) {
            return Err(ReasonError::ControlCharacters);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reason(<{} chars>)", self.0.chars().count())
    }
}

/// `appointments.status`. Names are fixed: stored, reported, and used in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentStatus {
    PendingPayment,
    Confirmed,
    Completed,
    NoShow,
    Expired,
    Cancelled,
}

/// A status change the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an appointment that is {from} cannot be {action}")]
pub struct InvalidTransition {
    pub from: &'static str,
    pub action: &'static str,
}

impl AppointmentStatus {
    pub const ACTIVE: [AppointmentStatus; 2] = [Self::PendingPayment, Self::Confirmed];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::Confirmed => "confirmed",
            Self::Completed => "completed",
            Self::NoShow => "no_show",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Some(match stored {
            "pending_payment" => Self::PendingPayment,
            "confirmed" => Self::Confirmed,
            "completed" => Self::Completed,
            "no_show" => Self::NoShow,
            "expired" => Self::Expired,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    /// Words for patients.
    pub fn label(&self) -> &'static str {
        match self {
            Self::PendingPayment => "Awaiting payment",
            Self::Confirmed => "Confirmed",
            Self::Completed => "Completed",
            Self::NoShow => "Missed",
            Self::Expired => "Expired (not paid in time)",
            Self::Cancelled => "Cancelled",
        }
    }

    fn refuse(self, action: &'static str) -> InvalidTransition {
        InvalidTransition {
            from: self.label(),
            action,
        }
    }

    /// PendingPayment → Confirmed (paid).
    pub fn confirm(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::PendingPayment => Ok(Self::Confirmed),
            other => Err(other.refuse("confirmed")),
        }
    }

    /// PendingPayment | Confirmed → Cancelled.
    pub fn cancel(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::PendingPayment | Self::Confirmed => Ok(Self::Cancelled),
            other => Err(other.refuse("cancelled")),
        }
    }

    /// The history note of a hold that ran out, wherever it is released.
    pub const HOLD_EXPIRED_NOTE: &'static str = "The hold ran out before payment.";

    /// PendingPayment → Expired, when the hold runs out: the one transition
    /// the expiry job and a booking that needs the slot both use.
    pub fn expire(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::PendingPayment => Ok(Self::Expired),
            other => Err(other.refuse("expired")),
        }
    }

    /// Expired → Confirmed: a payment proven after its hold ran out, while
    /// the slot is still free. Only the payment use case (through the
    /// payment store's event write, which checks the slot) may make it.
    pub fn confirm_late_payment(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::Expired => Ok(Self::Confirmed),
            other => Err(other.refuse("confirmed after a late payment")),
        }
    }

    /// Confirmed → Completed.
    pub fn complete(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::Confirmed => Ok(Self::Completed),
            other => Err(other.refuse("marked completed")),
        }
    }

    /// Confirmed → NoShow.
    pub fn no_show(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::Confirmed => Ok(Self::NoShow),
            other => Err(other.refuse("marked as missed")),
        }
    }

    /// Only a confirmed appointment moves to another time; the status stays.
    pub fn reschedule(self) -> Result<Self, InvalidTransition> {
        match self {
            Self::Confirmed => Ok(Self::Confirmed),
            other => Err(other.refuse("rescheduled")),
        }
    }
}

impl fmt::Display for AppointmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `appointments.payment_status`, kept in step with the payments row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    Unpaid,
    Pending,
    Paid,
    Failed,
    Refunded,
    PartiallyRefunded,
}

impl PaymentStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Unpaid => "unpaid",
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Refunded => "refunded",
            Self::PartiallyRefunded => "partially_refunded",
        }
    }

    /// Paid, or refunded after being paid.
    pub fn was_paid(&self) -> bool {
        matches!(self, Self::Paid | Self::Refunded | Self::PartiallyRefunded)
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Some(match stored {
            "unpaid" => Self::Unpaid,
            "pending" => Self::Pending,
            "paid" => Self::Paid,
            "failed" => Self::Failed,
            "refunded" => Self::Refunded,
            "partially_refunded" => Self::PartiallyRefunded,
            _ => return None,
        })
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Unpaid => "Not paid",
            Self::Pending => "Payment in progress",
            Self::Paid => "Paid",
            Self::Failed => "Payment failed",
            Self::Refunded => "Refunded",
            Self::PartiallyRefunded => "Partly refunded",
        }
    }
}

/// Who cancelled, stored in `appointments.cancelled_by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelledBy {
    Patient,
    Staff,
    System,
}

impl CancelledBy {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Staff => "staff",
            Self::System => "system",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Some(match stored {
            "patient" => Self::Patient,
            "staff" => Self::Staff,
            "system" => Self::System,
            _ => return None,
        })
    }
}

/// Which confirmation mail went out: `appointments.confirmation_sent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmationSent {
    WithLink,
    /// It said the video link will follow; the link gets a mail of its own.
    WithoutLink,
}

impl ConfirmationSent {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::WithLink => "with_link",
            Self::WithoutLink => "without_link",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "with_link" => Some(Self::WithLink),
            "without_link" => Some(Self::WithoutLink),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Appointment {
    pub id: AppointmentId,
    pub patient_id: PatientId,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// The doctor's local date and time, "YYYY-MM-DD" and "HH:MM".
    pub appointment_date: String,
    pub appointment_time: String,
    pub reason: Reason,
    pub status: AppointmentStatus,
    pub payment_status: PaymentStatus,
    pub amount: Money,
    pub hold_until: Option<Timestamp>,
    /// The patient's join link.
    pub zoom_link: Option<String>,
    /// The provider's id of the meeting, for moving and deleting it.
    pub meeting_id: Option<String>,
    pub confirmation: Option<ConfirmationSent>,
    pub cancelled_by: Option<CancelledBy>,
    pub cancel_reason: Option<String>,
    pub created_at: Timestamp,
    /// Raised by every write to the row: a write that decided on what it
    /// read applies only if the row is still that version.
    pub version: i64,
    /// The SEQUENCE of the next calendar invite; each invite sent raises it.
    pub invite_sequence: u32,
}

impl Appointment {
    /// Holds the slot now: confirmed, or awaiting payment with the hold still running.
    pub fn is_active_at(&self, now: Timestamp) -> bool {
        match self.status {
            AppointmentStatus::Confirmed => true,
            AppointmentStatus::PendingPayment => self.hold_until.is_some_and(|until| until > now),
            _ => false,
        }
    }

    /// May be paid online now: held and still within the hold (pay before),
    /// or confirmed and not paid yet (pay after). An expired hold is not
    /// paid for anew.
    pub fn payable_at(&self, now: Timestamp) -> bool {
        match self.status {
            AppointmentStatus::PendingPayment => self.is_active_at(now),
            AppointmentStatus::Confirmed => !self.payment_status.was_paid(),
            _ => false,
        }
    }
}

/// One entry of an appointment's history: a status change or a move.
#[derive(Debug, Clone)]
pub struct AppointmentChange {
    pub at: Timestamp,
    pub old_status: Option<AppointmentStatus>,
    pub new_status: AppointmentStatus,
    pub old_starts_at: Option<Timestamp>,
    pub new_starts_at: Option<Timestamp>,
    pub by: Actor,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus::*;

    #[test]
    fn the_state_machine_allows_only_its_transitions() {
        assert_eq!(PendingPayment.confirm(), Ok(Confirmed));
        assert_eq!(PendingPayment.expire(), Ok(Expired));
        assert_eq!(PendingPayment.cancel(), Ok(Cancelled));
        assert_eq!(Confirmed.cancel(), Ok(Cancelled));
        assert_eq!(Confirmed.complete(), Ok(Completed));
        assert_eq!(Confirmed.no_show(), Ok(NoShow));
        assert_eq!(Confirmed.reschedule(), Ok(Confirmed));
        for status in [Completed, NoShow, Expired, Cancelled] {
            assert!(status.cancel().is_err(), "{status} cannot be cancelled");
            assert!(
                status.reschedule().is_err(),
                "{status} cannot be rescheduled"
            );
            assert!(status.confirm().is_err());
        }
        assert!(Confirmed.expire().is_err());
        assert_eq!(Expired.confirm_late_payment(), Ok(Confirmed));
        for status in [PendingPayment, Confirmed, Completed, NoShow, Cancelled] {
            assert!(status.confirm_late_payment().is_err(), "{status}");
        }
        assert!(PendingPayment.reschedule().is_err());
        let error = Cancelled.cancel().unwrap_err();
        assert_eq!(
            error.to_string(),
            "an appointment that is Cancelled cannot be cancelled"
        );
    }

    #[test]
    fn stored_names_round_trip() {
        for status in [
            PendingPayment,
            Confirmed,
            Completed,
            NoShow,
            Expired,
            Cancelled,
        ] {
            assert_eq!(AppointmentStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(AppointmentStatus::parse("Confirmed"), None);
    }

    #[test]
    fn a_reason_has_5_to_1000_characters() {
        assert_eq!(Reason::parse("  flu ").err(), Some(ReasonError::TooShort));
        assert!(Reason::parse("Fever for three days").is_ok());
        assert_eq!(
            Reason::parse(&"x".repeat(1001)).err(),
            Some(ReasonError::TooLong)
        );
        assert!(Reason::parse(&"x".repeat(1000)).is_ok());
    }
}
