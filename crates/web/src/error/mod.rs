//! How failures become pages: every error reaches the patient as a status and a
//! sentence decided here (use-case errors in `use_cases`), and an unexpected
//! one only as "something went wrong" with the request id, its causes in the log.

mod account_links;
mod payment_errors;
mod staff_errors;
mod use_cases;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::services::Cause;
use consulta_domain::validation::FieldErrors;

/// A page-level failure, or a use case's refusal that the asking page did not
/// show in place. Form errors go back to their form instead (see `Refusal`).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("the form's security token is missing or wrong")]
    CsrfRejected,
    #[error("log in first")]
    LoginRequired { next: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("refused: {}", .0.title)]
    Refused(Refusal),
    /// Never shown: the page says something went wrong, the log gets the chain.
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

/// A use case said no for a reason the patient can act on: the status, a
/// headline, the sentence to show, and the form fields to mark.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub title: String,
    /// `None` when the marked fields say it all.
    pub message: Option<String>,
    pub fields: FieldErrors,
}

impl Refusal {
    fn new(status: StatusCode, title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            title: title.into(),
            message: Some(message.into()),
            fields: FieldErrors::new(),
        }
    }

    fn fields(status: StatusCode, message: Option<&str>, fields: FieldErrors) -> Self {
        Self {
            status,
            title: "Please correct the form".into(),
            message: message.map(str::to_owned),
            fields,
        }
    }
}

impl AppError {
    pub fn unexpected(error: impl Into<Cause>) -> Self {
        AppError::Unexpected(error.into())
    }

    /// The refusal a page shows in place; any other failure replaces the page.
    pub fn refusal(self) -> Result<Refusal, AppError> {
        match self {
            AppError::Refused(refusal) => Ok(refusal),
            other => Err(other),
        }
    }

    /// Writes the whole chain of causes to the log, in the current request's span.
    pub fn log(&self) {
        if let AppError::Unexpected(cause) = self {
            tracing::error!(cause = %cause_chain(cause.as_ref()), "request failed");
        }
    }
}

/// "storage failure: disk on fire": an error and each of its sources, outermost first.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Marks a response whose body the error-page layer renders, with the request id.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: String,
    pub message: String,
}

pub fn error_page(
    status: StatusCode,
    title: impl Into<String>,
    message: impl Into<String>,
) -> Response {
    let title = title.into();
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        title.clone(),
    )
        .into_response();
    response.extensions_mut().insert(ErrorPage {
        title,
        message: message.into(),
    });
    response
}

/// What the 500 page says, whatever went wrong.
pub const SOMETHING_WENT_WRONG: (&str, &str) = (
    "Something went wrong on our side",
    "Please try again in a moment. If it keeps happening, tell the clinic the request id below.",
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        match self {
            AppError::NotFound => error_page(
                StatusCode::NOT_FOUND,
                "Page not found",
                "We could not find that page. It may have moved, or the link may be incomplete.",
            ),
            AppError::Forbidden => error_page(
                StatusCode::FORBIDDEN,
                "Not allowed",
                "Your account does not have access to this page.",
            ),
            AppError::CsrfRejected => error_page(
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your security the form could not be accepted. Go back, reload the page and try again. Nothing was changed.",
            ),
            AppError::LoginRequired { next } => {
                let target = format!("/login?next={}", urlencode(&next));
                Redirect::to(&target).into_response()
            }
            AppError::BadRequest(message) => {
                error_page(StatusCode::BAD_REQUEST, "Something is wrong with that request", message)
            }
            AppError::Refused(refusal) => {
                let message = refusal.message.unwrap_or_else(|| refusal.title.clone());
                error_page(refusal.status, refusal.title, message)
            }
            AppError::Unexpected(_) => {
                let (title, message) = SOMETHING_WENT_WRONG;
                error_page(StatusCode::INTERNAL_SERVER_ERROR, title, message)
            }
        }
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
