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
use consulta_domain::services::payments::{ReturnError, StartPaymentError};
use consulta_domain::services::reports::ReportError;
use consulta_domain::validation::FieldErrors;

const CONFLICT: StatusCode = StatusCode::CONFLICT;
const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

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

impl From<StartPaymentError> for AppError {
    fn from(error: StartPaymentError) -> Self {
        AppError::Refused(match error {
            StartPaymentError::NotFound => return AppError::NotFound,
            StartPaymentError::Unexpected(cause) => return AppError::Unexpected(cause),
            StartPaymentError::AlreadyPaid => Refusal::new(
                CONFLICT,
                "This appointment is paid already",
                "It was paid already; nothing more was charged.",
            ),
            StartPaymentError::NotPayable => Refusal::new(
                CONFLICT,
                "This appointment cannot be paid now",
                "Its hold ran out or it was cancelled, so it can no longer be paid online. Nothing was charged.",
            ),
            StartPaymentError::ProviderNotOffered => Refusal::new(
                UNPROCESSABLE,
                "Please choose how to pay",
                "Choose one of the payment methods offered. Nothing was charged.",
            ),
            StartPaymentError::ProviderUnavailable { .. } => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                "The payment provider is not answering. Nothing was charged: please try again in a moment. A held time stays held until the time shown.",
            ),
            StartPaymentError::ProviderRefused(reason) => {
                // The provider's words are for staff (the log), not the page.
                tracing::warn!(%reason, "the payment provider refused to open a checkout");
                Refusal::new(
                    StatusCode::BAD_GATEWAY,
                    "The payment could not be started",
                    "The payment provider refused to start this payment. Nothing was charged. Please try again later or contact the clinic.",
                )
            }
        })
    }
}

impl From<ReturnError> for AppError {
    fn from(error: ReturnError) -> Self {
        AppError::Refused(match error {
            ReturnError::ProviderNotOffered => return AppError::NotFound,
            ReturnError::Unexpected(cause) => return AppError::Unexpected(cause),
            ReturnError::UnknownCheckout => Refusal::new(
                StatusCode::NOT_FOUND,
                "No payment matches this link",
                "This return from the payment provider names no payment made here. Nothing was changed.",
            ),
            ReturnError::Unproven => Refusal::new(
                StatusCode::BAD_REQUEST,
                "The payment could not be verified",
                "Nothing was marked as paid. If money was taken, the provider's confirmation will settle it shortly, or it will be refunded.",
            ),
            ReturnError::ProviderUnavailable => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                "We could not confirm your payment yet. It is confirmed as soon as the provider answers: look at your appointment again in a few minutes. Please do not pay a second time.",
            ),
        })
    }
}

impl From<consulta_domain::services::staff_accounts::StaffAdminError> for AppError {
    fn from(error: consulta_domain::services::staff_accounts::StaffAdminError) -> Self {
        use consulta_domain::services::staff_accounts::StaffAdminError;
        match error {
            StaffAdminError::NotFound => AppError::NotFound,
            StaffAdminError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("The account was not saved. Please correct the fields marked below."),
                fields,
            )),
            StaffAdminError::CannotDeactivateSelf => {
                let title = error.to_string();
                AppError::Refused(Refusal::new(
                    CONFLICT,
                    title.clone(),
                    format!("{title} Another admin can. Nothing was changed."),
                ))
            }
            StaffAdminError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::appointment_desk::StaffStatusError> for AppError {
    fn from(error: consulta_domain::services::appointment_desk::StaffStatusError) -> Self {
        use consulta_domain::services::appointment_desk::StaffStatusError;
        let status = match &error {
            StaffStatusError::NotFound => return AppError::NotFound,
            StaffStatusError::Refused(_)
            | StaffStatusError::NotBegun
            | StaffStatusError::Changed => CONFLICT,
            StaffStatusError::ReasonMissing | StaffStatusError::ReasonTooLong => UNPROCESSABLE,
            StaffStatusError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let StaffStatusError::Unexpected(cause) = error {
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

impl From<consulta_domain::services::doctor_day::DoctorDayError> for AppError {
    fn from(error: consulta_domain::services::doctor_day::DoctorDayError) -> Self {
        use consulta_domain::services::doctor_day::DoctorDayError;
        match error {
            DoctorDayError::NotFound => AppError::NotFound,
            DoctorDayError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::patient_admin::PatientAdminError> for AppError {
    fn from(error: consulta_domain::services::patient_admin::PatientAdminError) -> Self {
        use consulta_domain::services::patient_admin::PatientAdminError as E;
        let message = Some("The patient's details were not changed.");
        AppError::Refused(match error {
            E::NotFound => return AppError::NotFound,
            E::Unexpected(cause) => return AppError::Unexpected(cause),
            E::Invalid(fields) => Refusal::fields(UNPROCESSABLE, message, fields),
            E::EmailTaken => Refusal::fields(
                CONFLICT,
                message,
                FieldErrors::single(
                    "email",
                    "Another patient or a member of staff already uses this email address.",
                ),
            ),
            E::AlreadySo(_) => {
                let title = error.to_string();
                Refusal::new(
                    CONFLICT,
                    title.clone(),
                    format!("{title} Nothing was changed."),
                )
            }
        })
    }
}

impl From<consulta_domain::services::audit_trail::AuditFilterError> for AppError {
    fn from(error: consulta_domain::services::audit_trail::AuditFilterError) -> Self {
        use consulta_domain::services::audit_trail::AuditFilterError as E;
        match error {
            E::Invalid(field, message) => AppError::Refused(Refusal::fields(
                StatusCode::BAD_REQUEST,
                Some("The log cannot be shown with these filters. Please correct the field marked below."),
                FieldErrors::single(field, message),
            )),
            E::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("Nothing is shown until the dates marked above are corrected."),
                fields,
            )),
            ReportError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::payments::CancellationRefundError> for AppError {
    fn from(error: consulta_domain::services::payments::CancellationRefundError) -> Self {
        use consulta_domain::services::payments::CancellationRefundError as E;
        match error {
            E::NotFound => AppError::NotFound,
            E::ProviderFailed(_) => AppError::Refused(Refusal::new(
                StatusCode::BAD_GATEWAY,
                "The refund could not be made yet",
                "The payment provider did not make the refund. The clinic has been told and will refund you.",
            )),
            E::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::payments::StaffRefundError> for AppError {
    fn from(error: consulta_domain::services::payments::StaffRefundError) -> Self {
        use consulta_domain::services::payments::StaffRefundError as E;
        let nothing = "Nothing was refunded.";
        let refusal = match error {
            E::NotFound => return AppError::NotFound,
            E::Unexpected(cause) => return AppError::Unexpected(cause),
            E::ReasonMissing => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single("reason", "Say why this is refunded."),
            ),
            E::BadAmount => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single(
                    "amount",
                    "Enter an amount above zero, such as 750 or 750.50.",
                ),
            ),
            E::MoreThanRefundable { refundable } => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single(
                    "amount",
                    format!(
                        "That is more than is left to refund: at most {} can still be refunded.",
                        refundable.display()
                    ),
                ),
            ),
            E::NotPaid => Refusal::new(
                CONFLICT,
                "This payment has nothing to refund",
                format!("It was not paid, or it has been refunded in full already. {nothing}"),
            ),
            E::ProviderUnavailable { .. } => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                format!("{nothing} Try again in a few minutes."),
            ),
            E::ProviderRefused(why) => Refusal::new(
                StatusCode::BAD_GATEWAY,
                "The payment provider refused the refund",
                format!("Its answer: {why}. {nothing}"),
            ),
        };
        AppError::Refused(refusal)
    }
}
