//! One appointment as staff see it: its details, meeting (with "Start
//! meeting", which fetches the host's link fresh), mails with their delivery
//! state, history and jobs.

use crate::error::AppError;
use crate::pages::render_status;
use crate::security::{AdminUser, Visitor};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::AppointmentId;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use minijinja::{context, Value};

fn when(at: Timestamp, zone: &TimeZone) -> String {
    times::long_date(at, zone) + ", " + &times::time_with_place(at, zone)
}

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    appointment_page(&state, &admin.visitor, id, StatusCode::OK, None).await
}

/// The appointment's page, with `error` (a refused action) above it.
pub(super) async fn appointment_page(
    state: &AppState,
    visitor: &Visitor,
    id: AppointmentId,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let file = state.desk.file(id).await?.ok_or(AppError::NotFound)?;
    let a = &file.appointment;
    let zone = state
        .booking
        .doctor(a.doctor_id)
        .await?
        .map(|d| d.profile.timezone.time_zone())
        .unwrap_or(TimeZone::UTC);
    let utc = TimeZone::UTC;
    let history: Vec<Value> = file
        .history
        .iter()
        .map(|h| {
            context! {
                at => when(h.at, &zone),
                status => h.new_status.label(),
                by => h.by.label(),
                moved_from => h.old_starts_at.filter(|old| Some(*old) != h.new_starts_at).map(|old| when(old, &zone)),
                note => h.note.clone(),
            }
        })
        .collect();
    let mails: Vec<Value> = file
        .mails
        .iter()
        .map(|m| {
            context! {
                kind => m.kind.label(),
                state => m.state.label(),
                at => when(m.at, &utc),
                attempts => m.attempts,
                last_error => m.last_error.clone(),
            }
        })
        .collect();
    let jobs: Vec<Value> = file
        .jobs
        .iter()
        .map(|j| {
            context! {
                id => j.id.get(),
                kind => j.kind.label(),
                state => j.shown_state(),
                run_at => when(j.run_at, &utc),
                attempts => j.attempts,
                last_error => j.last_error.clone(),
            }
        })
        .collect();
    Ok(render_status(
        status,
        state,
        visitor,
        "admin/appointment.html",
        context! {
            a => context! {
                id => a.id.get(),
                patient_id => a.patient_id.get(),
                doctor_name => a.doctor_name.clone(),
                starts => when(a.starts_at, &zone),
                reason => a.reason.as_str(),
                status => a.status.as_str(),
                status_label => a.status.label(),
                payment_label => a.payment_status.label(),
                amount => a.amount.display(),
                zoom_link => a.zoom_link.clone(),
                meeting_id => a.meeting_id.clone(),
                can_start => a.meeting_id.is_some() && a.status == consulta_domain::model::AppointmentStatus::Confirmed,
                can_record_outcome => a.status.complete().is_ok(),
                can_cancel => a.status.cancel().is_ok(),
            },
            history,
            mails,
            jobs,
            clinic_payment => super::clinic_payment::section(a, state.clock.now()),
            error,
            payments => super::refunds::section(state, id).await?,
        },
    ))
}

/// POST: the host's start link, fetched now, and off to it.
pub async fn start_meeting(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let link = state
        .desk
        .start_meeting(admin.id, id, Some(admin.visitor.client.0.clone()))
        .await?;
    Ok(Redirect::to(&link).into_response())
}
