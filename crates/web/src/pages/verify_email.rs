//! Confirming an email address: GET /verify-email/{token} shows a button (mail
//! scanners follow links, so opening one changes nothing), its POST confirms;
//! POST /verify-email/resend mails a new link; and the page that asks a
//! patient to confirm before booking.

use super::{render, render_status};
use crate::error::AppError;
use crate::security::{PatientUser, Visitor};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    state.accounts.check_verify_link(&token).await?;
    Ok(render(
        &state,
        &visitor,
        "verify_email.html",
        context! { token => token },
    )?
    .into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    state.accounts.confirm_email(&token).await?;
    let (link, link_text) = if visitor.is_patient() {
        ("/doctors", "Book a consultation")
    } else {
        ("/login", "Log in")
    };
    Ok(render(
        &state,
        &visitor,
        "account_message.html",
        context! {
            title => "Your email address is confirmed",
            message => "Thank you. You can now book consultations.",
            link, link_text,
        },
    )?
    .into_response())
}

pub async fn resend(
    State(state): State<AppState>,
    user: PatientUser,
) -> Result<Response, AppError> {
    state
        .accounts
        .resend_verification(user.id, &user.visitor.client.0)
        .await?;
    Ok(render(
        &state,
        &user.visitor,
        "account_message.html",
        context! {
            title => "We sent you a new link",
            message => "Open the link in the mail we just sent and press its button to confirm your address.",
            link => "/dashboard",
            link_text => "Back to my appointments",
        },
    )?
    .into_response())
}

/// 403: the clinic asks for a confirmed email before booking; its button
/// sends the link again.
pub fn verify_first(state: &AppState, visitor: &Visitor, message: Option<String>) -> Response {
    render_status(
        StatusCode::FORBIDDEN,
        state,
        visitor,
        "verify_first.html",
        context! { message },
    )
}
