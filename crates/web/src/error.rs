//! How failures become pages: one place maps every error to a status and a message.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// A page-level failure. Form errors are not here: they re-render their form.
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
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl AppError {
    pub fn unexpected(error: impl std::fmt::Display) -> Self {
        AppError::Unexpected(error.to_string())
    }
}

/// Marks a response whose body the error-page layer renders, with the request id.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: String,
}

pub fn error_page(status: StatusCode, title: &'static str, message: impl Into<String>) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        title,
    )
        .into_response();
    response.extensions_mut().insert(ErrorPage {
        title,
        message: message.into(),
    });
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
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
            AppError::Unexpected(cause) => {
                tracing::error!(%cause, "request failed");
                error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side",
                    "Please try again in a moment. If it keeps happening, tell the clinic the request id below.",
                )
            }
        }
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
