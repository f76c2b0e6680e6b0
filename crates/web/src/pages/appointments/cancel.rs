//! POST /appointments/{id}/cancel: asks first, then cancels.

use super::appointment_page;
use super::confirm::{ask, Question};
use crate::error::AppError;
use crate::forms::FormData;
use crate::security::{redirect_with_flash, Flash, PatientUser};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelInput {
    reason: String,
    /// "yes" once the patient confirmed (the page's script asks, or the confirm page).
    confirmed: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<CancelInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    if input.confirmed != "yes" {
        let question = Question {
            action: "cancel",
            title: "Cancel this appointment?",
            button: "Yes, cancel it",
            fields: &[("reason", input.reason.as_str())],
        };
        return ask(&state, &user, id, question).await;
    }
    match state.booking.cancel(user.id, id, &input.reason).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/appointments/{id}"),
            Flash::Cancelled,
            state.settings.server.https,
        )),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            appointment_page(&state, &user, id, "", refusal.status, refusal.message).await
        }
    }
}
