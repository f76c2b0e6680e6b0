//! GET /appointments/{id}: one own appointment (`date` picks the day of times to move to).

use super::appointment_page;
use crate::error::AppError;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppointmentQuery {
    date: String,
}

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    Query(query): Query<AppointmentQuery>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    appointment_page(&state, &user, id, &query.date, StatusCode::OK, None).await
}
