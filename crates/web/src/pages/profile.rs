//! The patient's own profile: details, email, password.

use super::render_status;
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{redirect_with_flash, start_session, Flash, PatientUser};
use crate::state::AppState;
use crate::views::zones::zone_names;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::Response;
use consulta_domain::model::{AccountRef, Patient};
use consulta_domain::services::accounts::ProfileForm;
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailsInput {
    name: String,
    phone: String,
    medical_history: String,
    timezone: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordInput {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailInput {
    email: String,
    password: String,
}

/// What one of the three forms sends back to the page besides the stored record.
#[derive(Default)]
struct Feedback {
    details: Option<DetailsInput>,
    details_errors: FieldErrors,
    details_error: Option<String>,
    email_value: String,
    email_errors: FieldErrors,
    email_error: Option<String>,
    password_errors: FieldErrors,
    password_error: Option<String>,
    flash: Option<&'static str>,
}

async fn own_record(state: &AppState, user: &PatientUser) -> Result<Patient, AppError> {
    state
        .accounts
        .own_record(user.id)
        .await
        .map_err(AppError::from)
}

fn page(
    state: &AppState,
    user: &PatientUser,
    patient: &Patient,
    status: StatusCode,
    feedback: Feedback,
) -> Response {
    let details = match &feedback.details {
        Some(typed) => context! {
            name => typed.name.clone(),
            phone => typed.phone.clone(),
            medical_history => typed.medical_history.clone(),
            timezone => typed.timezone.clone(),
        },
        None => context! {
            name => patient.name.as_str(),
            phone => patient.phone.as_str(),
            medical_history => patient.medical_history.as_str(),
            timezone => patient.timezone.as_ref().map(|z| z.as_str()).unwrap_or_default(),
        },
    };
    render_status(
        status,
        state,
        &user.visitor,
        "profile.html",
        context! {
            profile => details,
            profile_errors => errors_value(&feedback.details_errors),
            profile_error => feedback.details_error.map(Value::from),
            email => patient.email.as_str(),
            email_value => feedback.email_value,
            email_errors => errors_value(&feedback.email_errors),
            email_error => feedback.email_error.map(Value::from),
            password_errors => errors_value(&feedback.password_errors),
            password_error => feedback.password_error.map(Value::from),
            flash => feedback.flash,
            zones => zone_names(),
        },
    )
}

pub async fn show(State(state): State<AppState>, user: PatientUser) -> Result<Response, AppError> {
    let patient = own_record(&state, &user).await?;
    Ok(page(
        &state,
        &user,
        &patient,
        StatusCode::OK,
        Feedback::default(),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    user: PatientUser,
    FormData(input): FormData<DetailsInput>,
) -> Result<Response, AppError> {
    let form = ProfileForm {
        name: input.name.clone(),
        phone: input.phone.clone(),
        medical_history: input.medical_history.clone(),
        timezone: input.timezone.clone(),
    };
    let (status, feedback) = match state.accounts.update_profile(user.id, &form).await {
        Ok(()) => (
            StatusCode::OK,
            Feedback {
                flash: Some("Your details were saved."),
                ..Feedback::default()
            },
        ),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            (
                refusal.status,
                Feedback {
                    details: Some(input),
                    details_errors: refusal.fields,
                    details_error: refusal.message,
                    ..Feedback::default()
                },
            )
        }
    };
    let patient = own_record(&state, &user).await?;
    Ok(page(&state, &user, &patient, status, feedback))
}

pub async fn change_password(
    State(state): State<AppState>,
    user: PatientUser,
    FormData(input): FormData<PasswordInput>,
) -> Result<Response, AppError> {
    let account = AccountRef::Patient(user.id);
    let result = state
        .accounts
        .change_password(
            account,
            &input.current_password,
            &input.new_password,
            &input.new_password_confirm,
        )
        .await;
    let refusal = match result {
        Ok(()) => {
            // Every session ended with the change; this device gets a new one.
            let cookie = start_session(&state, account).await?;
            let mut response = redirect_with_flash(
                "/profile",
                Flash::PasswordChanged,
                state.settings.server.https,
            );
            response.headers_mut().append(header::SET_COOKIE, cookie);
            return Ok(response);
        }
        Err(error) => AppError::from(error).refusal()?,
    };
    let patient = own_record(&state, &user).await?;
    let feedback = Feedback {
        password_errors: refusal.fields,
        password_error: refusal.message,
        ..Feedback::default()
    };
    Ok(page(&state, &user, &patient, refusal.status, feedback))
}

pub async fn change_email(
    State(state): State<AppState>,
    user: PatientUser,
    FormData(input): FormData<EmailInput>,
) -> Result<Response, AppError> {
    let result = state
        .accounts
        .change_email(AccountRef::Patient(user.id), &input.email, &input.password)
        .await;
    let (status, feedback) = match result {
        Ok(()) => (
            StatusCode::OK,
            Feedback {
                flash: Some("Your email address was changed."),
                ..Feedback::default()
            },
        ),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            (
                refusal.status,
                Feedback {
                    email_value: input.email,
                    email_errors: refusal.fields,
                    email_error: refusal.message,
                    ..Feedback::default()
                },
            )
        }
    };
    let patient = own_record(&state, &user).await?;
    Ok(page(&state, &user, &patient, status, feedback))
}
