//! GET /api/doctors/{id}/slots?from=YYYY-MM-DD&to=YYYY-MM-DD: free slots as JSON.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use consulta_domain::model::DoctorId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Range {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct SlotJson {
    starts_at: String,
    ends_at: String,
    local_date: String,
    local_time: String,
}

#[derive(Serialize)]
struct SlotsJson {
    doctor_id: i64,
    timezone: String,
    slots: Vec<SlotJson>,
}

#[derive(Serialize)]
struct ErrorJson {
    error: String,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(ErrorJson {
            error: message.into(),
        }),
    )
        .into_response()
}

fn date(text: &str, name: &str) -> Result<Date, String> {
    let text = text.trim();
    let message = || format!("`{name}` must be a date like 2026-12-01.");
    if text.len() != 10 {
        return Err(message());
    }
    text.parse::<Date>().map_err(|_| message())
}

pub async fn slots(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(range): Query<Range>,
) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return error(StatusCode::NOT_FOUND, "No such doctor.");
    };
    let (from, to) = match (date(&range.from, "from"), date(&range.to, "to")) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(message), _) | (_, Err(message)) => return error(StatusCode::BAD_REQUEST, message),
    };
    match state
        .booking
        .free_slots_between(DoctorId::new(id), from, to)
        .await
    {
        Ok((doctor, slots)) => Json(SlotsJson {
            doctor_id: id,
            timezone: doctor.profile.timezone.as_str().to_owned(),
            slots: slots
                .iter()
                .map(|s| SlotJson {
                    starts_at: s.starts_at_rfc3339(),
                    ends_at: s.ends_at_rfc3339(),
                    local_date: s.local_date().to_string(),
                    local_time: s.local_time(),
                })
                .collect(),
        })
        .into_response(),
        // The answer is JSON, so the page-level failures are worded here.
        Err(failure) => match AppError::from(failure).refusal() {
            Ok(refusal) => error(refusal.status, refusal.message.unwrap_or(refusal.title)),
            Err(AppError::NotFound) => error(StatusCode::NOT_FOUND, "No such doctor."),
            Err(failure) => {
                failure.log();
                error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
            }
        },
    }
}
