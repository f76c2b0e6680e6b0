//! Patient registration.

use super::{render, render_status};
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{start_session, Visitor};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::AccountRef;
use consulta_domain::services::accounts::RegistrationForm;
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterInput {
    name: String,
    email: String,
    phone: String,
    medical_history: String,
    password: String,
    password_confirm: String,
}

pub async fn form(State(state): State<AppState>, visitor: Visitor) -> Result<Response, AppError> {
    if visitor.session.is_some() {
        return Ok(Redirect::to("/dashboard").into_response());
    }
    let page: Html<String> = render(
        &state,
        &visitor,
        "register.html",
        context! { values => context!{}, errors => context!{} },
    )?;
    Ok(page.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    FormData(input): FormData<RegisterInput>,
) -> Result<Response, AppError> {
    let form = RegistrationForm {
        name: input.name.clone(),
        email: input.email.clone(),
        phone: input.phone.clone(),
        medical_history: input.medical_history.clone(),
        password: input.password,
        password_confirm: input.password_confirm,
    };
    // The passwords are never sent back.
    let again = |status: StatusCode, errors: FieldErrors, error: Option<String>| {
        render_status(
            status,
            &state,
            &visitor,
            "register.html",
            context! {
                values => context! {
                    name => input.name.clone(),
                    email => input.email.clone(),
                    phone => input.phone.clone(),
                    medical_history => input.medical_history.clone(),
                },
                errors => errors_value(&errors),
                error => error.map(Value::from),
            },
        )
    };
    match state.accounts.register(&form, &visitor.client.0).await {
        Ok(id) => {
            let cookie = start_session(&state, AccountRef::Patient(id)).await?;
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/dashboard")).into_response())
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            Ok(again(refusal.status, refusal.fields, refusal.message))
        }
    }
}
