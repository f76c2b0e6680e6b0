//! The patient's dashboard.

use super::{book_url, render};
use crate::error::AppError;
use crate::security::PatientUser;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use minijinja::context;

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
) -> Result<Html<String>, AppError> {
    let patient = state
        .accounts
        .own_record(user.id)
        .await
        .map_err(AppError::unexpected)?;
    render(
        &state,
        &user.visitor,
        "dashboard.html",
        context! {
            patient => context! {
                name => patient.name.as_str(),
                email => patient.email.as_str(),
                phone => patient.phone.as_str(),
                timezone => patient.timezone.as_ref().map(|z| z.as_str().to_owned()),
            },
            book_url => book_url(&user.visitor),
        },
    )
}
