//! The one-time status message after an action ("Your appointment is booked."):
//! the action's redirect sets a cookie naming it, the next page shows it once and
//! clears it. The cookie carries a code, never text, so nobody can plant words.

use super::cookies::flash_cookie;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

/// A redirect to `to` whose page says what `flash` did.
pub fn redirect_with_flash(to: &str, flash: Flash, secure: bool) -> Response {
    (
        [(header::SET_COOKIE, flash_cookie(flash.code(), secure))],
        Redirect::to(to),
    )
        .into_response()
}

/// What just happened, as the next page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    Booked,
    Moved,
    Cancelled,
    PasswordChanged,
    AlreadyPaid,
    ClinicPaymentRecorded,
    MarkedCompleted,
    MarkedNoShow,
    CancelledForPatient,
    StaffDeactivated,
    StaffReactivated,
    DoctorSaved,
    HoursSaved,
    ScheduleChanged,
    ScheduleChangedCancelled,
    ScheduleChangedKept,
    ScheduleRemoved,
    StaffBooked,
    StaffMoved,
    Refunded,
    RefundPending,
}

impl Flash {
    const ALL: [Flash; 21] = [
        Flash::Booked,
        Flash::Moved,
        Flash::Cancelled,
        Flash::PasswordChanged,
        Flash::AlreadyPaid,
        Flash::ClinicPaymentRecorded,
        Flash::MarkedCompleted,
        Flash::MarkedNoShow,
        Flash::CancelledForPatient,
        Flash::StaffDeactivated,
        Flash::StaffReactivated,
        Flash::DoctorSaved,
        Flash::HoursSaved,
        Flash::ScheduleChanged,
        Flash::ScheduleChangedCancelled,
        Flash::ScheduleChangedKept,
        Flash::ScheduleRemoved,
        Flash::StaffBooked,
        Flash::StaffMoved,
        Flash::Refunded,
        Flash::RefundPending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Flash::Booked => "booked",
            Flash::Moved => "moved",
            Flash::Cancelled => "cancelled",
            Flash::PasswordChanged => "password",
            Flash::AlreadyPaid => "already-paid",
            Flash::ClinicPaymentRecorded => "clinic_paid",
            Flash::MarkedCompleted => "completed",
            Flash::MarkedNoShow => "no_show",
            Flash::CancelledForPatient => "staff_cancelled",
            Flash::StaffDeactivated => "staff_deactivated",
            Flash::StaffReactivated => "staff_reactivated",
            Flash::DoctorSaved => "doctor_saved",
            Flash::HoursSaved => "hours_saved",
            Flash::ScheduleChanged => "schedule_changed",
            Flash::ScheduleChangedCancelled => "schedule_cancelled",
            Flash::ScheduleChangedKept => "schedule_kept",
            Flash::ScheduleRemoved => "schedule_removed",
            Flash::StaffBooked => "staff_booked",
            Flash::StaffMoved => "staff_moved",
            Flash::Refunded => "refunded",
            Flash::RefundPending => "refund_pending",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Flash::Booked => "Your appointment is booked. A confirmation is on its way by email.",
            Flash::Moved => "Your appointment was moved to the new time. An updated invitation is on its way by email.",
            Flash::Cancelled => "Your appointment was cancelled. A confirmation is on its way by email.",
            Flash::PasswordChanged => "Your password was changed. You were logged out everywhere else.",
            Flash::AlreadyPaid => "This appointment is paid already: nothing more was charged.",
            Flash::ClinicPaymentRecorded => "The payment was recorded: the invoice is issued and the receipt is on its way to the patient.",
            Flash::MarkedCompleted => "The consultation is marked completed.",
            Flash::MarkedNoShow => "The consultation is marked as missed.",
            Flash::CancelledForPatient => "The appointment was cancelled. The patient is told by email.",
            Flash::StaffDeactivated => "The account was deactivated: it cannot log in, and its sessions have ended.",
            Flash::StaffReactivated => "The account was reactivated: it can log in again.",
            Flash::DoctorSaved => "The doctor's details were saved.",
            Flash::HoursSaved => "The weekly hours were saved.",
            Flash::ScheduleChanged => "The change to the doctor's days was saved.",
            Flash::ScheduleChangedCancelled => "The change was saved. The appointments it clashed with were cancelled; their patients are told by email.",
            Flash::ScheduleChangedKept => "The change was saved. The appointments it clashed with were kept.",
            Flash::ScheduleRemoved => "It was removed; those hours follow the weekly hours again.",
            Flash::StaffBooked => "The appointment is booked. The patient is told by email.",
            Flash::StaffMoved => "The appointment was moved. The patient is told by email.",
            Flash::Refunded => "The refund was made and is recorded against the payment.",
            Flash::RefundPending => "The provider accepted the refund; it is recorded here once the provider confirms it.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Flash;

    #[test]
    fn every_code_reads_back_and_anything_else_is_ignored() {
        for flash in Flash::ALL {
            assert_eq!(Flash::from_code(flash.code()), Some(flash));
        }
        assert_eq!(Flash::from_code("<script>"), None);
    }
}
