//! A forgotten password: GET/POST /password/forgot asks for a link, GET/POST
//! /password/reset/{token} sets a new password. Opening a link changes nothing.

use super::{render, render_status};
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{clear_session_cookie, Visitor};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotInput {
    email: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetInput {
    new_password: String,
    new_password_confirm: String,
}

pub async fn forgot_form(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    Ok(render(
        &state,
        &visitor,
        "password_forgot.html",
        context! { values => context!{}, errors => context!{} },
    )?
    .into_response())
}

/// The same answer whether or not the email is registered.
pub async fn forgot_submit(
    State(state): State<AppState>,
    visitor: Visitor,
    FormData(input): FormData<ForgotInput>,
) -> Result<Response, AppError> {
    match state
        .accounts
        .request_password_reset(&input.email, &visitor.client.0)
        .await
    {
        Ok(()) => Ok(render(
            &state,
            &visitor,
            "password_forgot.html",
            context! { sent_to => input.email.trim(), values => context!{}, errors => context!{} },
        )?
        .into_response()),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            Ok(render_status(
                refusal.status,
                &state,
                &visitor,
                "password_forgot.html",
                context! {
                    values => context! { email => input.email },
                    errors => errors_value(&refusal.fields),
                    error => refusal.message.map(Value::from),
                },
            ))
        }
    }
}

fn reset_page(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    token: &str,
    errors: &FieldErrors,
    error: Option<String>,
) -> Response {
    render_status(
        status,
        state,
        visitor,
        "password_reset.html",
        context! { token => token, errors => errors_value(errors), error => error.map(Value::from) },
    )
}

pub async fn reset_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    state.accounts.check_reset_link(&token).await?;
    Ok(reset_page(
        &state,
        &visitor,
        StatusCode::OK,
        &token,
        &FieldErrors::new(),
        None,
    ))
}

pub async fn reset_submit(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    FormData(input): FormData<ResetInput>,
) -> Result<Response, AppError> {
    match state
        .accounts
        .reset_password(&token, &input.new_password, &input.new_password_confirm)
        .await
    {
        Ok(_) => {
            // Every session of the account ended, this browser's too if it had one.
            let page = render(
                &state,
                &visitor,
                "account_message.html",
                context! {
                    title => "Your password is changed",
                    message => "You were logged out everywhere. Log in with your new password.",
                    link => "/login",
                    link_text => "Log in",
                },
            )?;
            Ok((
                [(
                    header::SET_COOKIE,
                    clear_session_cookie(state.settings.server.https),
                )],
                page,
            )
                .into_response())
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            if refusal.fields.is_empty() {
                return Err(AppError::Refused(refusal));
            }
            Ok(reset_page(
                &state,
                &visitor,
                refusal.status,
                &token,
                &refusal.fields,
                refusal.message,
            ))
        }
    }
}
