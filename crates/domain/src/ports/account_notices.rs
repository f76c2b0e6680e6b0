//! Turning a mail about an account (welcome, a verification or reset link, a
//! receipt, a payment that failed, a hold that ran out, a refund) into a
//! mail; the words live in templates outside the core.

use crate::model::{AppointmentId, DoctorId, Money, Receipt};
use crate::ports::{AdminAlertFacts, OutgoingMail, RenderError};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Which account mail, with what only it says.
#[derive(Debug, Clone)]
pub enum AccountMail<'a> {
    /// After registration, with the verification link.
    Welcome {
        verify_path: String,
    },
    /// The verification link again.
    Verification {
        verify_path: String,
    },
    /// A reset link and how long it works.
    PasswordReset {
        reset_path: String,
        valid_for: SignedDuration,
    },
    Receipt(&'a Receipt),
    /// About paying for an appointment: a failure, a lapsed hold, a refund.
    Payment(&'a PaymentMail),
    /// To an admin: a job died or a payment was flagged.
    AdminAlert(&'a AdminAlertFacts),
}

/// What a mail about paying for one appointment says.
#[derive(Debug, Clone)]
pub struct PaymentMail {
    pub kind: PaymentMailKind,
    pub appointment: AppointmentId,
    /// For "book again" at the same doctor.
    pub doctor: DoctorId,
    pub doctor_name: String,
    pub starts_at: Timestamp,
    pub doctor_zone: TimeZone,
    /// The patient's own zone, when they set one.
    pub patient_zone: Option<TimeZone>,
    /// The fee asked (the amount of the payment).
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentMailKind {
    /// The attempt failed. `retry`: the appointment can still be paid (the
    /// pay page), until `hold_until` when the slot is held.
    Failed {
        retry: bool,
        hold_until: Option<Timestamp>,
    },
    /// The hold ran out before payment: the slot was released.
    HoldExpired,
    /// A refund was issued: this much, all refunds so far, and what remains paid.
    Refunded {
        refunded: Money,
        total_refunded: Money,
        still_paid: Money,
    },
    /// The payment came after the hold ran out and the slot was gone: refunded.
    LateRefunded { refunded: Money },
}

#[derive(Debug, Clone)]
pub struct AccountNotice<'a> {
    pub mail: AccountMail<'a>,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub message_id: String,
}

pub trait AccountNoticeRenderer: Send + Sync {
    fn render_account(&self, notice: &AccountNotice<'_>) -> Result<OutgoingMail, RenderError>;
}
