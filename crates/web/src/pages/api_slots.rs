//! GET /api/doctors/{id}/slots?from=YYYY-MM-DD&to=YYYY-MM-DD: free slots as JSON,
//! each with the text the server's page shows for it (views::slots), so the
//! script's picker writes exactly what the page does.

use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use crate::views::patient_zone::visitor_zone;
use crate::views::slots::{shown_slots, SlotShown};
use crate::views::times::day_label;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use consulta_domain::model::DoctorId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Range {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct SlotsJson {
    doctor_id: i64,
    timezone: String,
    /// The zone the slots' `theirs` is in (the visitor's, or the clinic's).
    patient_timezone: String,
    /// Each day of the range as pages write it: "2026-12-04" → "Friday 4 December 2026".
    dates: BTreeMap<String, String>,
    slots: Vec<SlotShown>,
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

/// Every day from `from` to `to` with its label (the range is at most 31 days,
/// checked by the use case before this runs).
fn date_labels(from: Date, to: Date) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut day = from;
    while day <= to && labels.len() < 32 {
        labels.insert(day.to_string(), day_label(day));
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    labels
}

pub async fn slots(
    State(state): State<AppState>,
    visitor: Visitor,
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
    let patient = match visitor_zone(&state, &visitor).await {
        Ok(patient) => patient,
        Err(failure) => return server_error(failure),
    };
    match state
        .booking
        .free_slots_between(DoctorId::new(id), from, to)
        .await
    {
        Ok((doctor, slots)) => {
            let doctor_zone = doctor.profile.timezone.time_zone();
            Json(SlotsJson {
                doctor_id: id,
                timezone: doctor.profile.timezone.as_str().to_owned(),
                patient_timezone: patient.zone.iana_name().unwrap_or("UTC").to_owned(),
                dates: date_labels(from, to),
                slots: shown_slots(&slots, &doctor_zone, Some(&patient.zone)),
            })
            .into_response()
        }
        // The answer is JSON, so the page-level failures are worded here.
        Err(failure) => match AppError::from(failure).refusal() {
            Ok(refusal) => error(refusal.status, refusal.message.unwrap_or(refusal.title)),
            Err(AppError::NotFound) => error(StatusCode::NOT_FOUND, "No such doctor."),
            Err(failure) => server_error(failure),
        },
    }
}

fn server_error(failure: AppError) -> Response {
    failure.log();
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side.",
    )
}
