//! POST /appointments/{id}/reschedule: asks first, then moves to the new free time.

use super::appointment_page;
use super::confirm::{ask, Question};
use crate::error::AppError;
use crate::forms::FormData;
use crate::security::{redirect_with_flash, Flash, PatientUser};
use crate::state::AppState;
use crate::views::parse::{parse_appointment_id, parse_instant};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RescheduleInput {
    starts_at: String,
    confirmed: String,
}

pub async fn reschedule(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<RescheduleInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let Some(new_start) = parse_instant(&input.starts_at) else {
        return appointment_page(
            &state,
            &user,
            id,
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("That new time was not understood. Please pick one of the times offered.".into()),
        )
        .await;
    };
    if input.confirmed != "yes" {
        let question = Question {
            action: "reschedule",
            title: "Move this appointment?",
            button: "Yes, move it",
            fields: &[("starts_at", input.starts_at.as_str())],
            note: None,
        };
        return ask(&state, &user, id, question).await;
    }
    match state.booking.reschedule(user.id, id, new_start).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/appointments/{id}"),
            Flash::Moved,
            state.settings.server.https,
        )),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            appointment_page(&state, &user, id, "", refusal.status, refusal.message).await
        }
    }
}
