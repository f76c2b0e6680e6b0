//! A doctor's particular days: time off and other hours on a date. Adding one
//! that clashes with appointments shows them first (the preview), and the
//! admin chooses to cancel them, telling the patients, or to keep them.

use super::doctors::{back_to_doctor, edit_page, parse_id, Feedback};
use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::{AdminUser, Flash};
use crate::state::AppState;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{AppointmentId, DoctorId};
use consulta_domain::services::doctors::DoctorAdminError;
use consulta_domain::services::schedule_changes::{
    ApplyError, ClashDecision, PreparedChange, ScheduleChange,
};
use minijinja::{context, Value};
use serde::Deserialize;

/// The preview's answer, sent back with the change's own fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirmation {
    confirmed: String,
    /// "cancel" or "keep".
    clashes: String,
    /// The clashing appointments the preview listed, "12,15".
    seen: String,
}

impl Confirmation {
    fn seen(&self) -> Vec<AppointmentId> {
        self.seen
            .split(',')
            .filter_map(|id| id.trim().parse::<i64>().ok())
            .map(AppointmentId::new)
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TimeOffInput {
    start: String,
    end: String,
    reason: String,
    #[serde(flatten)]
    answer: Confirmation,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OverrideInput {
    date: String,
    hours: String,
    reason: String,
    #[serde(flatten)]
    answer: Confirmation,
}

pub async fn add_time_off(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<TimeOffInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let prepared = state
        .schedule
        .prepare_time_off(id, &input.start, &input.end, &input.reason)
        .await;
    let typed = vec![
        ("start", input.start.clone()),
        ("end", input.end.clone()),
        ("reason", input.reason.clone()),
    ];
    let prepared = match prepared {
        Err(DoctorAdminError::Invalid(errors)) => {
            let feedback = Feedback {
                time_off: Some((input.start, input.end, input.reason)),
                time_off_errors: errors,
                error: Some("The time off was not added. Please correct the fields marked below."),
                ..Feedback::default()
            };
            return edit_page(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                feedback,
            )
            .await;
        }
        other => other?,
    };
    let action = format!("/admin/doctors/{id}/time-off");
    decide(&state, &admin, prepared, &input.answer, &action, typed).await
}

pub async fn add_override(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<OverrideInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let prepared = state
        .schedule
        .prepare_override(id, &input.date, &input.hours, &input.reason)
        .await;
    let typed = vec![
        ("date", input.date.clone()),
        ("hours", input.hours.clone()),
        ("reason", input.reason.clone()),
    ];
    let prepared = match prepared {
        Err(DoctorAdminError::Invalid(errors)) => {
            let feedback = Feedback {
                date_override: Some((input.date, input.hours, input.reason)),
                override_errors: errors,
                error: Some("The hours for that date were not saved. Please correct the fields marked below."),
                ..Feedback::default()
            };
            return edit_page(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                feedback,
            )
            .await;
        }
        other => other?,
    };
    let action = format!("/admin/doctors/{id}/overrides");
    decide(&state, &admin, prepared, &input.answer, &action, typed).await
}

/// Without clashes the change is made at once; with clashes the preview
/// comes first, and only its answer (cancel or keep) makes the change.
async fn decide(
    state: &AppState,
    admin: &AdminUser,
    prepared: PreparedChange,
    answer: &Confirmation,
    action: &str,
    typed: Vec<(&'static str, String)>,
) -> Result<Response, AppError> {
    let decision = match answer.clashes.as_str() {
        _ if prepared.clashes.is_empty() => ClashDecision::Keep,
        _ if answer.confirmed != "yes" => {
            return preview(state, admin, &prepared, action, typed, StatusCode::OK, None);
        }
        "cancel" => ClashDecision::Cancel,
        "keep" => ClashDecision::Keep,
        _ => {
            let message = "Choose whether to cancel these appointments or to keep them.";
            return preview(
                state,
                admin,
                &prepared,
                action,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
            );
        }
    };
    let doctor = prepared.doctor.id;
    let client = Some(admin.visitor.client.0.clone());
    match state
        .schedule
        .apply(admin.id, prepared, decision, &answer.seen(), client)
        .await
    {
        Ok(applied) => {
            let flash = match (applied.cancelled, applied.kept) {
                (0, 0) => Flash::ScheduleChanged,
                (_, 0) => Flash::ScheduleChangedCancelled,
                _ => Flash::ScheduleChangedKept,
            };
            Ok(back_to_doctor(state, doctor, flash))
        }
        Err(ApplyError::ClashesChanged(fresh)) => {
            let message = "The appointments this change clashes with changed meanwhile: nothing was saved. Please look at them again.";
            preview(
                state,
                admin,
                &fresh,
                action,
                typed,
                StatusCode::CONFLICT,
                Some(message),
            )
        }
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        Err(ApplyError::Unexpected(cause)) => Err(AppError::Unexpected(cause)),
    }
}

fn describe(change: &ScheduleChange, zone: &jiff::tz::TimeZone) -> String {
    match change {
        ScheduleChange::TimeOff { period, .. } => format!(
            "Time off from {}, {} until {}, {}",
            times::long_date(period.start(), zone),
            times::time_with_place(period.start(), zone),
            times::long_date(period.end(), zone),
            times::time_with_place(period.end(), zone),
        ),
        ScheduleChange::Override { day, .. } if day.is_closed() => {
            format!("Closed on {}", times::day_label(day.date()))
        }
        ScheduleChange::Override { day, .. } => format!(
            "Only {} on {}",
            consulta_domain::services::doctors::format_day_hours(day.hours()),
            times::day_label(day.date())
        ),
    }
}

/// The "are you sure" page: the clashing appointments and the two choices.
fn preview(
    state: &AppState,
    admin: &AdminUser,
    prepared: &PreparedChange,
    action: &str,
    typed: Vec<(&'static str, String)>,
    status: StatusCode,
    error: Option<&str>,
) -> Result<Response, AppError> {
    let zone = prepared.doctor.profile.timezone.time_zone();
    let clashes: Vec<Value> = prepared
        .clashes
        .iter()
        .map(|c| {
            let a = &c.appointment;
            context! {
                id => a.id.get(),
                patient => c.patient_name.clone(),
                when => times::long_date(a.starts_at, &zone) + ", " + &times::time_with_place(a.starts_at, &zone),
                status => a.status.label(),
                reason => a.reason.as_str(),
            }
        })
        .collect();
    let seen = prepared
        .clash_ids()
        .iter()
        .map(|id| id.get().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let fields: Vec<Value> = typed
        .into_iter()
        .map(|(name, value)| context! { name, value })
        .collect();
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/schedule_clashes.html",
        context! {
            doctor => context! { id => prepared.doctor.id.get(), name => prepared.doctor.profile.name.as_str() },
            change => describe(&prepared.change, &zone),
            clashes,
            seen,
            fields,
            action,
            error,
        },
    ))
}

pub async fn remove_time_off(
    State(state): State<AppState>,
    admin: AdminUser,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, entry) = entry_of(&id, &entry)?;
    let client = Some(admin.visitor.client.0.clone());
    state
        .schedule
        .remove_time_off(admin.id, id, entry, client)
        .await?;
    Ok(back_to_doctor(&state, id, Flash::ScheduleRemoved))
}

pub async fn remove_override(
    State(state): State<AppState>,
    admin: AdminUser,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, entry) = entry_of(&id, &entry)?;
    let client = Some(admin.visitor.client.0.clone());
    state
        .schedule
        .remove_override(admin.id, id, entry, client)
        .await?;
    Ok(back_to_doctor(&state, id, Flash::ScheduleRemoved))
}

fn entry_of(id: &str, entry: &str) -> Result<(DoctorId, i64), AppError> {
    let entry = entry.parse().map_err(|_| AppError::NotFound)?;
    Ok((parse_id(id)?, entry))
}
