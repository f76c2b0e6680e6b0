//! An admin changing a patient's account: the contact details, and
//! deactivating (after "are you sure?") or reactivating it. Every change is
//! audited with the admin's name by the use case's write.

use super::patients::{parse_patient_id, patient_page, ContactInput, Feedback};
use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use consulta_domain::services::patient_admin::ContactForm;
use minijinja::context;
use serde::Deserialize;

/// POST: new contact details; a refusal shows the form again as typed.
pub async fn edit(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<ContactInput>,
) -> Result<Response, AppError> {
    let id = parse_patient_id(&id)?;
    let form = ContactForm {
        name: input.name.clone(),
        email: input.email.clone(),
        phone: input.phone.clone(),
        timezone: input.timezone.clone(),
    };
    let (status, feedback) = match state.patients.edit_contact(admin.id, id, &form).await {
        Ok(()) => (
            StatusCode::OK,
            Feedback {
                message: Some("The patient's details were saved."),
                ..Feedback::default()
            },
        ),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            (
                refusal.status,
                Feedback {
                    typed: Some(input),
                    errors: refusal.fields,
                    error: refusal.message,
                    ..Feedback::default()
                },
            )
        }
    };
    patient_page(&state, &admin, id, status, feedback).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmInput {
    /// "yes" once the admin confirmed on the confirmation page.
    confirmed: String,
}

/// POST: without `confirmed=yes` it asks first; then the patient can no
/// longer log in and every session of theirs ends in the same write.
pub async fn deactivate(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<ConfirmInput>,
) -> Result<Response, AppError> {
    let id = parse_patient_id(&id)?;
    if input.confirmed != "yes" {
        let account = state.patients.account(id).await?;
        return Ok(render(
            &state,
            &admin.visitor,
            "admin/patient_deactivate.html",
            context! { patient => context! {
                id => id.get(),
                name => account.contact.name.as_str(),
                email => account.contact.email.as_str(),
            } },
        )?
        .into_response());
    }
    let (status, feedback) = match state.patients.deactivate(admin.id, id).await {
        Ok(()) => (
            StatusCode::OK,
            Feedback {
                message: Some("The account was deactivated: the patient was logged out and cannot log in. Their appointments stay."),
                ..Feedback::default()
            },
        ),
        Err(error) => refused(error)?,
    };
    patient_page(&state, &admin, id, status, feedback).await
}

/// POST: the patient may log in again.
pub async fn reactivate(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_patient_id(&id)?;
    let (status, feedback) = match state.patients.reactivate(admin.id, id).await {
        Ok(()) => (
            StatusCode::OK,
            Feedback {
                message: Some("The account was reactivated: the patient can log in again."),
                ..Feedback::default()
            },
        ),
        Err(error) => refused(error)?,
    };
    patient_page(&state, &admin, id, status, feedback).await
}

fn refused(
    error: consulta_domain::services::patient_admin::PatientAdminError,
) -> Result<(StatusCode, Feedback), AppError> {
    let refusal = AppError::from(error).refusal()?;
    Ok((
        refusal.status,
        Feedback {
            error: refusal.message,
            ..Feedback::default()
        },
    ))
}
