//! Admins set up doctors: profile and fee, weekly hours, time off.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::pages::{render, render_status};
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::doctors::doctor_card;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::{Availability, Doctor, DoctorId};
use consulta_domain::services::doctors::{
    format_day_hours, DoctorAdminError, DoctorForm, WEEKDAYS,
};
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoctorInput {
    name: String,
    specialty: String,
    bio: String,
    fee: String,
    timezone: String,
    slot_minutes: String,
    buffer_minutes: String,
    notice_minutes: String,
    horizon_days: String,
    active: String,
}

impl DoctorInput {
    fn form(&self) -> DoctorForm {
        DoctorForm {
            name: self.name.clone(),
            specialty: self.specialty.clone(),
            bio: self.bio.clone(),
            fee: self.fee.clone(),
            timezone: self.timezone.clone(),
            slot_minutes: self.slot_minutes.clone(),
            buffer_minutes: self.buffer_minutes.clone(),
            notice_minutes: self.notice_minutes.clone(),
            horizon_days: self.horizon_days.clone(),
            active: !self.active.is_empty(),
        }
    }

    fn value(&self) -> Value {
        context! {
            name => self.name.clone(), specialty => self.specialty.clone(), bio => self.bio.clone(),
            fee => self.fee.clone(), timezone => self.timezone.clone(), slot_minutes => self.slot_minutes.clone(),
            buffer_minutes => self.buffer_minutes.clone(), notice_minutes => self.notice_minutes.clone(),
            horizon_days => self.horizon_days.clone(), active => !self.active.is_empty(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HoursInput {
    monday: String,
    tuesday: String,
    wednesday: String,
    thursday: String,
    friday: String,
    saturday: String,
    sunday: String,
}

impl HoursInput {
    fn days(&self) -> Vec<(&'static str, String)> {
        vec![
            ("monday", self.monday.clone()),
            ("tuesday", self.tuesday.clone()),
            ("wednesday", self.wednesday.clone()),
            ("thursday", self.thursday.clone()),
            ("friday", self.friday.clone()),
            ("saturday", self.saturday.clone()),
            ("sunday", self.sunday.clone()),
        ]
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TimeOffInput {
    start: String,
    end: String,
    reason: String,
}

fn profile_value(doctor: &Doctor) -> Value {
    let p = &doctor.profile;
    let exponent = p.fee.currency().exponent();
    let scale = 10_i64.pow(exponent);
    let fee = if p.fee.minor() % scale == 0 {
        (p.fee.minor() / scale).to_string()
    } else {
        format!(
            "{}.{:0width$}",
            p.fee.minor() / scale,
            p.fee.minor() % scale,
            width = exponent as usize
        )
    };
    context! {
        name => p.name.as_str(), specialty => p.specialty.clone(), bio => p.bio.clone(), fee => fee,
        timezone => p.timezone.as_str(), slot_minutes => p.slot_length.minutes().to_string(),
        buffer_minutes => p.buffer.minutes().to_string(), notice_minutes => p.notice.minutes().to_string(),
        horizon_days => p.horizon.days().to_string(), active => p.active,
    }
}

fn hours_value(availability: &Availability) -> Value {
    let days: Vec<Value> = WEEKDAYS
        .iter()
        .map(|(weekday, field)| context! { field => *field, label => format!("{weekday:?}"), value => format_day_hours(availability.hours.on(*weekday)) })
        .collect();
    Value::from(days)
}

fn new_defaults() -> Value {
    context! { timezone => "Asia/Dhaka", slot_minutes => "30", buffer_minutes => "0", notice_minutes => "120", horizon_days => "60", active => true }
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
) -> Result<Html<String>, AppError> {
    let doctors = state.doctors.all().await?;
    let doctors: Vec<Value> = doctors
        .iter()
        .map(|d| context! { active => d.profile.active, ..doctor_card(d) })
        .collect();
    render(
        &state,
        &admin.visitor,
        "admin/doctors.html",
        context! { doctors },
    )
}

pub async fn new_form(
    State(state): State<AppState>,
    admin: AdminUser,
) -> Result<Html<String>, AppError> {
    render(
        &state,
        &admin.visitor,
        "admin/doctor_new.html",
        context! { values => new_defaults(), errors => context!{}, currency => state.doctors.currency().code() },
    )
}

pub async fn create(
    State(state): State<AppState>,
    admin: AdminUser,
    FormData(input): FormData<DoctorInput>,
) -> Result<Response, AppError> {
    match state.doctors.create(&input.form()).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/doctors/{id}")).into_response()),
        Err(DoctorAdminError::Invalid(errors)) => Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &state,
            &admin.visitor,
            "admin/doctor_new.html",
            context! { values => input.value(), errors => errors_value(&errors), error => "The doctor was not saved. Please correct the fields marked below.", currency => state.doctors.currency().code() },
        )),
        Err(other) => Err(other.into()),
    }
}

fn parse_id(text: &str) -> Result<DoctorId, AppError> {
    text.parse::<i64>()
        .map(DoctorId::new)
        .map_err(|_| AppError::NotFound)
}

/// What the edit page may be sent back with.
#[derive(Default)]
struct Feedback {
    profile: Option<Value>,
    profile_errors: FieldErrors,
    hours: Option<Vec<(&'static str, String)>>,
    hours_errors: FieldErrors,
    time_off: Option<(String, String, String)>,
    time_off_errors: FieldErrors,
    error: Option<&'static str>,
    flash: Option<&'static str>,
}

async fn edit_page(
    state: &AppState,
    admin: &AdminUser,
    id: DoctorId,
    status: StatusCode,
    feedback: Feedback,
) -> Result<Response, AppError> {
    let (doctor, availability) = match state.doctors.get(id).await {
        Ok(found) => found,
        Err(other) => return Err(other.into()),
    };
    let zone = doctor.profile.timezone.time_zone();
    let hours = match feedback.hours {
        Some(days) => Value::from(
            WEEKDAYS.iter().zip(days).map(|((weekday, field), (_, value))| context! { field => *field, label => format!("{weekday:?}"), value }).collect::<Vec<_>>(),
        ),
        None => hours_value(&availability),
    };
    let time_off: Vec<Value> = availability
        .time_off
        .iter()
        .map(|t| context! {
            id => t.id,
            from => times::long_date(t.period.start(), &zone) + " " + &times::time_with_place(t.period.start(), &zone),
            until => times::long_date(t.period.end(), &zone) + " " + &times::time_with_place(t.period.end(), &zone),
            reason => t.reason.clone(),
        })
        .collect();
    let (off_start, off_end, off_reason) = feedback.time_off.unwrap_or_default();
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/doctor_edit.html",
        context! {
            doctor => doctor_card(&doctor),
            values => feedback.profile.unwrap_or_else(|| profile_value(&doctor)),
            errors => errors_value(&feedback.profile_errors),
            hours,
            hours_errors => errors_value(&feedback.hours_errors),
            time_off,
            off => context! { start => off_start, end => off_end, reason => off_reason },
            time_off_errors => errors_value(&feedback.time_off_errors),
            error => feedback.error,
            flash => feedback.flash,
            currency => state.doctors.currency().code(),
        },
    ))
}

pub async fn edit(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    edit_page(
        &state,
        &admin,
        parse_id(&id)?,
        StatusCode::OK,
        Feedback::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<DoctorInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let feedback = match state.doctors.update(id, &input.form()).await {
        Ok(()) => Feedback {
            flash: Some("The doctor's details were saved."),
            ..Feedback::default()
        },
        Err(DoctorAdminError::Invalid(errors)) => Feedback {
            profile: Some(input.value()),
            profile_errors: errors,
            error: Some("The details were not saved. Please correct the fields marked below."),
            ..Feedback::default()
        },
        Err(other) => return Err(other.into()),
    };
    let status = if feedback.profile.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    edit_page(&state, &admin, id, status, feedback).await
}

pub async fn set_hours(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<HoursInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let days = input.days();
    let feedback = match state.doctors.set_hours(id, &days).await {
        Ok(()) => Feedback {
            flash: Some("The weekly hours were saved."),
            ..Feedback::default()
        },
        Err(DoctorAdminError::Invalid(errors)) => Feedback {
            hours: Some(days),
            hours_errors: errors,
            error: Some("The hours were not saved. Please correct the days marked below."),
            ..Feedback::default()
        },
        Err(other) => return Err(other.into()),
    };
    let status = if feedback.hours.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    edit_page(&state, &admin, id, status, feedback).await
}

pub async fn add_time_off(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<TimeOffInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let feedback = match state
        .doctors
        .add_time_off(id, &input.start, &input.end, &input.reason)
        .await
    {
        Ok(()) => Feedback {
            flash: Some("The time off was added."),
            ..Feedback::default()
        },
        Err(DoctorAdminError::Invalid(errors)) => Feedback {
            time_off: Some((input.start, input.end, input.reason)),
            time_off_errors: errors,
            error: Some("The time off was not added. Please correct the fields marked below."),
            ..Feedback::default()
        },
        Err(other) => return Err(other.into()),
    };
    let status = if feedback.time_off.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    edit_page(&state, &admin, id, status, feedback).await
}

pub async fn remove_time_off(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let entry: i64 = entry.parse().map_err(|_| AppError::NotFound)?;
    match state.doctors.remove_time_off(id, entry).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/doctors/{id}")).into_response()),
        Err(other) => Err(other.into()),
    }
}
