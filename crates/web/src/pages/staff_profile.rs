//! GET /staff/profile and POST /staff/profile/password: a member of staff's own
//! account, where they change their password (the same rules as patients; every
//! other session ends). A staff member on a one-time password lands here first
//! and can go nowhere else until they have chosen their own.

use super::render_status;
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{redirect_with_flash, start_session, Flash, StaffUser};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::Response;
use consulta_domain::model::{AccountRef, Role};
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordInput {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

async fn page(
    state: &AppState,
    user: &StaffUser,
    status: StatusCode,
    errors: FieldErrors,
    error: Option<String>,
) -> Result<Response, AppError> {
    let member = state.accounts.own_staff_record(user.id).await?;
    Ok(render_status(
        status,
        state,
        &user.visitor,
        "staff_profile.html",
        context! {
            name => member.name.as_str(),
            email => member.email.as_str(),
            role => match member.role { Role::Admin => "Administrator", Role::Doctor => "Doctor" },
            must_change => member.must_change_password,
            password_errors => errors_value(&errors),
            password_error => error.map(Value::from),
        },
    ))
}

pub async fn show(State(state): State<AppState>, user: StaffUser) -> Result<Response, AppError> {
    page(&state, &user, StatusCode::OK, FieldErrors::new(), None).await
}

pub async fn change_password(
    State(state): State<AppState>,
    user: StaffUser,
    FormData(input): FormData<PasswordInput>,
) -> Result<Response, AppError> {
    let account = AccountRef::Staff(user.id);
    let result = state
        .accounts
        .change_password(
            account,
            &input.current_password,
            &input.new_password,
            &input.new_password_confirm,
        )
        .await;
    match result {
        Ok(()) => {
            // Every session ended with the change; this device gets a new one.
            let cookie = start_session(&state, account).await?;
            let mut response = redirect_with_flash(
                "/staff/profile",
                Flash::PasswordChanged,
                state.settings.server.https,
            );
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            page(
                &state,
                &user,
                refusal.status,
                refusal.fields,
                refusal.message,
            )
            .await
        }
    }
}
