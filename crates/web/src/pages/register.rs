//! Patient registration: the browser's zone comes with the form, and `next`
//! (a slot chosen before registering) is where the new patient lands.

use super::login::safe_next;
use super::{render, render_status};
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{start_session, Visitor};
use crate::state::AppState;
use crate::views::zones::zone_names;
use axum::extract::{Query, State};
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
    timezone: String,
    next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterQuery {
    next: String,
}

pub async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let next = safe_next(&query.next).unwrap_or_default();
    if visitor.session.is_some() {
        let to = if next.is_empty() { "/dashboard" } else { next };
        return Ok(Redirect::to(to).into_response());
    }
    // Without JavaScript the zone the browser reported on an earlier page, if any.
    let timezone = visitor.browser_zone.as_ref().map(|z| z.as_str().to_owned());
    let page: Html<String> = render(
        &state,
        &visitor,
        "register.html",
        context! {
            values => context! { timezone },
            errors => context!{},
            next,
            zones => zone_names(),
            clinic_zone => state.settings.clinic.timezone.clone(),
        },
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
        timezone: input.timezone.clone(),
    };
    let next = safe_next(&input.next).unwrap_or_default();
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
                    timezone => input.timezone.clone(),
                },
                errors => errors_value(&errors),
                error => error.map(Value::from),
                next,
                zones => zone_names(),
                clinic_zone => state.settings.clinic.timezone.clone(),
            },
        )
    };
    match state.accounts.register(&form, &visitor.client.0).await {
        Ok(id) => {
            let cookie = start_session(&state, AccountRef::Patient(id)).await?;
            let to = if next.is_empty() { "/dashboard" } else { next };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response())
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            Ok(again(refusal.status, refusal.fields, refusal.message))
        }
    }
}
