//! GET /doctor: the doctor's appointments today (their own zone's day) and
//! the confirmed ones coming up, with the patient and the reason.

use crate::error::AppError;
use crate::pages::render_status;
use crate::security::DoctorUser;
use crate::state::AppState;
use crate::views::times;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::AppointmentStatus;
use consulta_domain::ports::AppointmentListing;
use jiff::tz::TimeZone;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DayQuery {
    page: String,
}

fn row(listing: &AppointmentListing, zone: &TimeZone) -> Value {
    let a = &listing.appointment;
    context! {
        id => a.id.get(),
        patient_id => a.patient_id.get(),
        patient_name => listing.patient_name.clone(),
        date => times::long_date(a.starts_at, zone),
        time => times::time_with_place(a.starts_at, zone),
        reason => a.reason.as_str(),
        status => a.status.as_str(),
        status_label => a.status.label(),
        can_start => a.meeting_id.is_some() && a.status == AppointmentStatus::Confirmed,
        can_record_outcome => a.status.complete().is_ok(),
    }
}

/// The schedule page, with `error` (a refused action) above it.
pub(super) async fn day_page(
    state: &AppState,
    doctor: &DoctorUser,
    page: i64,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let schedule = state.doctor_day.schedule(doctor.doctor, page).await?;
    let zone = &schedule.zone;
    let today: Vec<Value> = schedule.today_rows.iter().map(|r| row(r, zone)).collect();
    let upcoming: Vec<Value> = schedule.upcoming.iter().map(|r| row(r, zone)).collect();
    Ok(render_status(
        status,
        state,
        &doctor.visitor,
        "doctor/day.html",
        context! {
            doctor_name => schedule.doctor.profile.name.as_str(),
            zone => schedule.doctor.profile.timezone.as_str(),
            today_label => times::day_label(schedule.today),
            today,
            upcoming,
            upcoming_total => schedule.upcoming_total,
            page => schedule.page,
            pages => schedule.pages,
            error,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    doctor: DoctorUser,
    Query(query): Query<DayQuery>,
) -> Result<Response, AppError> {
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    day_page(&state, &doctor, page, StatusCode::OK, None).await
}
