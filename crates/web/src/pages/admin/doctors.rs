//! Admins set up doctors: profile and fee, weekly hours, time off.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::pages::{render, render_status};
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::doctors::doctor_card;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::{Availability, Doctor, DoctorId, TimeOffEntry};
use consulta_domain::schedule::DateOverride;
use consulta_domain::services::doctors::{
    format_day_hours, DoctorAdminError, DoctorForm, WEEKDAYS,
};
use consulta_domain::services::schedule_changes::whole_days;
use consulta_domain::validation::FieldErrors;
use jiff::tz::TimeZone;
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

pub(super) fn parse_id(text: &str) -> Result<DoctorId, AppError> {
    text.parse::<i64>()
        .map(DoctorId::new)
        .map_err(|_| AppError::NotFound)
}

/// What the edit page may be sent back with.
#[derive(Default)]
pub(super) struct Feedback {
    pub profile: Option<Value>,
    pub profile_errors: FieldErrors,
    pub hours: Option<Vec<(&'static str, String)>>,
    pub hours_errors: FieldErrors,
    /// start, end, reason as typed.
    pub time_off: Option<(String, String, String)>,
    pub time_off_errors: FieldErrors,
    /// date, hours, reason as typed.
    pub date_override: Option<(String, String, String)>,
    pub override_errors: FieldErrors,
    pub error: Option<&'static str>,
}

pub(super) async fn edit_page(
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
        .map(|t| context! { id => t.id, when => time_off_label(t, &zone), reason => t.reason.clone() })
        .collect();
    let overrides: Vec<Value> = availability
        .overrides
        .iter()
        .map(|o| context! { id => o.id, date => times::day_label(o.day.date()), hours => override_hours_label(&o.day), reason => o.reason.clone() })
        .collect();
    let (off_start, off_end, off_reason) = feedback.time_off.unwrap_or_default();
    let (day_date, day_hours, day_reason) = feedback.date_override.unwrap_or_default();
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
            overrides,
            day => context! { date => day_date, hours => day_hours, reason => day_reason },
            override_errors => errors_value(&feedback.override_errors),
            error => feedback.error,
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
    match state.doctors.update(id, &input.form()).await {
        Ok(()) => saved(&state, &admin, id, "doctor.updated", Flash::DoctorSaved).await,
        Err(DoctorAdminError::Invalid(errors)) => {
            let feedback = Feedback {
                profile: Some(input.value()),
                profile_errors: errors,
                error: Some("The details were not saved. Please correct the fields marked below."),
                ..Feedback::default()
            };
            edit_page(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                feedback,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn set_hours(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<HoursInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let days = input.days();
    match state.doctors.set_hours(id, &days).await {
        Ok(()) => saved(&state, &admin, id, "doctor.hours_set", Flash::HoursSaved).await,
        Err(DoctorAdminError::Invalid(errors)) => {
            let feedback = Feedback {
                hours: Some(days),
                hours_errors: errors,
                error: Some("The hours were not saved. Please correct the days marked below."),
                ..Feedback::default()
            };
            edit_page(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                feedback,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// After a save: audited, then back to the page with a GET (a refresh never
/// submits again).
async fn saved(
    state: &AppState,
    admin: &AdminUser,
    id: DoctorId,
    action: &'static str,
    flash: Flash,
) -> Result<Response, AppError> {
    state
        .schedule
        .record_edit(admin.id, id, action, Some(admin.visitor.client.0.clone()))
        .await?;
    Ok(back_to_doctor(state, id, flash))
}

/// 303 to the doctor's page, which says what was done.
pub(super) fn back_to_doctor(state: &AppState, id: DoctorId, flash: Flash) -> Response {
    redirect_with_flash(
        &format!("/admin/doctors/{id}"),
        flash,
        state.settings.server.https,
    )
}

/// "24–26 December 2026" for whole days off, else both instants in the doctor's zone.
fn time_off_label(entry: &TimeOffEntry, zone: &TimeZone) -> String {
    match whole_days(entry, zone) {
        Some((first, last)) if first == last => first.strftime("%-d %B %Y").to_string(),
        Some((first, last)) if (first.year(), first.month()) == (last.year(), last.month()) => {
            format!("{}–{}", first.strftime("%-d"), last.strftime("%-d %B %Y"))
        }
        Some((first, last)) if first.year() == last.year() => {
            format!(
                "{} – {}",
                first.strftime("%-d %B"),
                last.strftime("%-d %B %Y")
            )
        }
        Some((first, last)) => {
            format!(
                "{} – {}",
                first.strftime("%-d %B %Y"),
                last.strftime("%-d %B %Y")
            )
        }
        None => {
            let at = |t| times::long_date(t, zone) + " " + &times::time_with_place(t, zone);
            format!("{} → {}", at(entry.period.start()), at(entry.period.end()))
        }
    }
}

fn override_hours_label(day: &DateOverride) -> String {
    if day.is_closed() {
        "Closed".to_owned()
    } else {
        format_day_hours(day.hours())
    }
}
