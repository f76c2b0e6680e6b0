//! The mailed-link use cases' errors as the visitor hears them: a link that
//! does nothing, a form to correct, too many requests.

use super::{AppError, Refusal};
use axum::http::StatusCode;
use consulta_domain::model::LinkRefused;
use consulta_domain::services::accounts::{
    ForgotPasswordError, MayBookError, ResendVerificationError, ResetPasswordError,
    VerifyEmailError,
};

fn minutes(n: i64) -> String {
    if n == 1 {
        "1 minute".into()
    } else {
        format!("{n} minutes")
    }
}

/// A link that does nothing: gone when it was used or ran out, unknown otherwise.
fn link_refused(refused: LinkRefused, again: &str) -> AppError {
    let (status, title) = match refused {
        LinkRefused::Unknown => (StatusCode::NOT_FOUND, "This link is not valid"),
        LinkRefused::Expired => (StatusCode::GONE, "This link has expired"),
        LinkRefused::Used => (StatusCode::GONE, "This link was already used"),
    };
    AppError::Refused(Refusal::new(
        status,
        title,
        format!("Nothing was changed. {again}"),
    ))
}

const NEW_RESET_LINK: &str = "You can ask for a new link at /password/forgot.";
const NEW_VERIFY_LINK: &str = "Log in and ask for a new link if your address is not confirmed yet.";

impl From<ForgotPasswordError> for AppError {
    fn from(error: ForgotPasswordError) -> Self {
        AppError::Refused(match error {
            ForgotPasswordError::Invalid(fields) => Refusal::fields(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("Please enter the email address of your account."),
                fields,
            ),
            ForgotPasswordError::Throttled { minutes: n } => Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many reset links asked for",
                format!(
                    "Too many reset links were asked for. Try again in {}.",
                    minutes(n)
                ),
            ),
            ForgotPasswordError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<ResetPasswordError> for AppError {
    fn from(error: ResetPasswordError) -> Self {
        match error {
            ResetPasswordError::Link(refused) => link_refused(refused, NEW_RESET_LINK),
            ResetPasswordError::Invalid(fields) => AppError::Refused(Refusal::fields(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("Your password was not changed."),
                fields,
            )),
            ResetPasswordError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<VerifyEmailError> for AppError {
    fn from(error: VerifyEmailError) -> Self {
        match error {
            VerifyEmailError::Link(refused) => link_refused(refused, NEW_VERIFY_LINK),
            VerifyEmailError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<ResendVerificationError> for AppError {
    fn from(error: ResendVerificationError) -> Self {
        AppError::Refused(match error {
            ResendVerificationError::AlreadyVerified => Refusal::new(
                StatusCode::CONFLICT,
                "Your email address is already confirmed",
                "Your email address is already confirmed; no new link is needed.",
            ),
            ResendVerificationError::Throttled { minutes: n } => Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many links sent",
                format!(
                    "We sent several links already. Try again in {}.",
                    minutes(n)
                ),
            ),
            ResendVerificationError::Unexpected(cause) => return AppError::Unexpected(cause),
        })
    }
}

impl From<MayBookError> for AppError {
    fn from(error: MayBookError) -> Self {
        match error {
            MayBookError::EmailUnverified => AppError::Refused(Refusal::new(
                StatusCode::FORBIDDEN,
                "Please confirm your email address first",
                "The clinic asks you to confirm your email address before booking. Nothing was booked.",
            )),
            MayBookError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}
