//! Each use case's error as the patient hears it, in one place: the status, the
//! headline and the sentence, or the page-level failure it becomes. Unexpected
//! failures keep their cause for the log and never lend it to a page.

use super::{AppError, Refusal};
use axum::http::StatusCode;
use consulta_domain::services::accounts::{
    ChangeEmailError, ChangePasswordError, LoginError, ProfileError, RegisterError, SessionError,
    StaffViewError,
};
use consulta_domain::services::appointment_desk::StartMeetingError;
use consulta_domain::services::booking::{BookError, ManageError, SlotsError};
use consulta_domain::services::doctors::DoctorAdminError;
use consulta_domain::services::jobs::JobActionError;
use consulta_domain::validation::FieldErrors;

pub(super) const CONFLICT: StatusCode = StatusCode::CONFLICT;
pub(super) const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl From<BookError> for AppError {
    fn from(error: BookError) -> Self {
        // The domain's own wording of a refusal is the headline.
        let title = error.to_string();
        let refusal = match error {
            BookError::DoctorNotFound => return AppError::NotFound,
            BookError::Unexpected(cause) => return AppError::Unexpected(cause),
            BookError::Invalid(fields) => Refusal::fields(
                UNPROCESSABLE,
                Some("Please correct the field marked below. Nothing was booked yet."),
                fields,
            ),
            BookError::SlotTaken => Refusal::new(
                CONFLICT,
                "This slot was just taken",
                "Another patient booked this time a moment ago. Nothing was booked for you; here are other free times.",
            ),
            BookError::FeeChanged(fee) => Refusal::new(
                CONFLICT,
                "The fee has changed",
                format!("The consultation fee is now {}. Nothing was booked; please review the booking again.", fee.display()),
            ),
            BookError::PatientBusy => Refusal::new(
                CONFLICT,
                title,
                "You already have an appointment overlapping this time. Nothing was booked.",
            ),
            BookError::TooManyUpcoming(n) => Refusal::new(
                CONFLICT,
                title,
                format!("You already have {n} upcoming appointments, the most the clinic allows. Cancel one or wait until one has taken place."),
            ),
            BookError::NotOffered(reason) => Refusal::new(
                UNPROCESSABLE,
                reason.to_string(),
                format!("{reason} Nothing was booked."),
            ),
        };
        AppError::Refused(refusal)
    }
}

impl From<ManageError> for AppError {
    fn from(error: ManageError) -> Self {
        let status = match &error {
            ManageError::NotFound => return AppError::NotFound,
            ManageError::SlotTaken
            | ManageError::PatientBusy
            | ManageError::Changed
            | ManageError::InvalidTransition(_) => CONFLICT,
            ManageError::TooLate { .. }
            | ManageError::NotOffered(_)
            | ManageError::SameTime
            | ManageError::NoteTooLong => UNPROCESSABLE,
            ManageError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let ManageError::Unexpected(cause) = error {
            return AppError::Unexpected(cause);
        }
        let title = error.to_string();
        AppError::Refused(Refusal::new(
            status,
            title.clone(),
            format!("{title} Nothing was changed."),
        ))
    }
}

impl From<JobActionError> for AppError {
    fn from(error: JobActionError) -> Self {
        match error {
            JobActionError::NotFound => AppError::NotFound,
            JobActionError::Unexpected(cause) => AppError::Unexpected(cause),
            other => {
                let title = other.to_string();
                AppError::Refused(Refusal::new(
                    CONFLICT,
                    title.clone(),
                    format!("{title} Nothing was changed."),
                ))
            }
        }
    }
}

impl From<StartMeetingError> for AppError {
    fn from(error: StartMeetingError) -> Self {
        match error {
            StartMeetingError::NotFound => AppError::NotFound,
            StartMeetingError::Unexpected(cause) => AppError::Unexpected(cause),
            StartMeetingError::Provider(_) => AppError::Refused(Refusal::new(
                StatusCode::BAD_GATEWAY,
                "The video provider did not answer",
                format!("{error} Try again in a moment."),
            )),
            other => {
                let title = other.to_string();
                AppError::Refused(Refusal::new(CONFLICT, title.clone(), title))
            }
        }
    }
}

impl From<SlotsError> for AppError {
    fn from(error: SlotsError) -> Self {
        match error {
            SlotsError::DoctorNotFound => AppError::NotFound,
            SlotsError::BadRange => AppError::Refused(Refusal::new(
                StatusCode::BAD_REQUEST,
                "Those dates cannot be shown",
                SlotsError::BadRange.to_string(),
            )),
            SlotsError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<LoginError> for AppError {
    fn from(error: LoginError) -> Self {
        AppError::Refused(match error {
            LoginError::InvalidCredentials => Refusal::new(
                StatusCode::UNAUTHORIZED,
                "That email and password do not match",
                "That email and password do not match an account. Check them and try again.",
            ),
            LoginError::Deactivated => Refusal::new(
                StatusCode::FORBIDDEN,
                "This account is deactivated",
                "This account is deactivated. Please contact the clinic to have it opened again.",
            ),
            LoginError::Throttled { minutes } => Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed attempts",
                format!(
                    "Too many failed attempts. For your security, try again in {minutes} minute{}.",
                    plural(minutes)
                ),
            ),
            LoginError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<RegisterError> for AppError {
    fn from(error: RegisterError) -> Self {
        AppError::Refused(match error {
            RegisterError::Invalid(fields) => Refusal::fields(
                UNPROCESSABLE,
                Some("Please correct the fields marked below."),
                fields,
            ),
            RegisterError::EmailTaken => Refusal::fields(
                CONFLICT,
                None,
                FieldErrors::single(
                    "email",
                    "An account with this email already exists. Log in instead, or use another address.",
                ),
            ),
            RegisterError::Throttled { minutes } => Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many new accounts",
                format!(
                    "Too many accounts were created from your network recently. Try again in {minutes} minute{}.",
                    plural(minutes)
                ),
            ),
            RegisterError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<ProfileError> for AppError {
    fn from(error: ProfileError) -> Self {
        match error {
            ProfileError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("Your details were not saved. Please correct the fields marked below."),
                fields,
            )),
            ProfileError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<ChangePasswordError> for AppError {
    fn from(error: ChangePasswordError) -> Self {
        let message = Some("Your password was not changed.");
        AppError::Refused(match error {
            ChangePasswordError::Invalid(fields) => Refusal::fields(UNPROCESSABLE, message, fields),
            ChangePasswordError::WrongPassword => Refusal::fields(
                UNPROCESSABLE,
                message,
                FieldErrors::single("current_password", "That is not your current password."),
            ),
            ChangePasswordError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<ChangeEmailError> for AppError {
    fn from(error: ChangeEmailError) -> Self {
        let message = Some("Your email address was not changed.");
        AppError::Refused(match error {
            ChangeEmailError::Invalid(fields) => Refusal::fields(UNPROCESSABLE, message, fields),
            ChangeEmailError::WrongPassword => Refusal::fields(
                UNPROCESSABLE,
                message,
                FieldErrors::single("password", "That is not your password."),
            ),
            ChangeEmailError::EmailTaken => Refusal::fields(
                CONFLICT,
                message,
                FieldErrors::single("email", "Another account already uses this email address."),
            ),
            ChangeEmailError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<StaffViewError> for AppError {
    fn from(error: StaffViewError) -> Self {
        match error {
            StaffViewError::NotFound => AppError::NotFound,
            StaffViewError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<DoctorAdminError> for AppError {
    fn from(error: DoctorAdminError) -> Self {
        match error {
            DoctorAdminError::NotFound => AppError::NotFound,
            DoctorAdminError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("The doctor was not saved. Please correct the fields marked below."),
                fields,
            )),
            DoctorAdminError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

/// A store's answer handed through by a use case: whatever it is, it was not expected.
impl From<consulta_domain::ports::StoreError> for AppError {
    fn from(error: consulta_domain::ports::StoreError) -> Self {
        AppError::Unexpected(error.into())
    }
}

impl From<SessionError> for AppError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}
