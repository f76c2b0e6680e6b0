//! What a doctor does with their own consultation from the schedule: start
//! the meeting, mark it completed or missed. Another doctor's: 404.

use super::day::day_page;
use crate::error::AppError;
use crate::security::{redirect_with_flash, DoctorUser, Flash};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::services::appointment_desk::{Outcome, StaffHand, StaffScope};

fn hand(doctor: &DoctorUser) -> StaffHand {
    StaffHand {
        staff: doctor.id,
        scope: StaffScope::Doctor(doctor.doctor),
        client: Some(doctor.visitor.client.0.clone()),
    }
}

/// POST: the host's start link, fetched now, and off to it.
pub async fn start_meeting(
    State(state): State<AppState>,
    doctor: DoctorUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let link = state.desk.start_meeting_as(&hand(&doctor), id).await?;
    Ok(Redirect::to(&link).into_response())
}

async fn record(
    state: &AppState,
    doctor: &DoctorUser,
    id: &str,
    outcome: Outcome,
    flash: Flash,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(id)?;
    match state.desk.record_outcome(&hand(doctor), id, outcome).await {
        Ok(_) => Ok(redirect_with_flash(
            "/doctor",
            flash,
            state.settings.server.https,
        )),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            day_page(state, doctor, 1, refusal.status, refusal.message).await
        }
    }
}

pub async fn complete(
    State(state): State<AppState>,
    doctor: DoctorUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    record(
        &state,
        &doctor,
        &id,
        Outcome::Completed,
        Flash::MarkedCompleted,
    )
    .await
}

pub async fn no_show(
    State(state): State<AppState>,
    doctor: DoctorUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    record(&state, &doctor, &id, Outcome::NoShow, Flash::MarkedNoShow).await
}
