//! Booking (POST /appointments) and one own appointment: view, cancel, reschedule.

use super::book::{parse_doctor_id, parse_instant, patient_zone, review_page, slot_values};
use super::doctors::doctor_card;
use super::{render_status, times};
use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::{PatientUser, Visitor};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::{Appointment, AppointmentId, DoctorId};
use consulta_domain::services::booking::{BookError, BookRequest, ManageError};
use jiff::Timestamp;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BookInput {
    doctor_id: String,
    starts_at: String,
    reason: String,
    fee_minor: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelInput {
    reason: String,
    /// "yes" once the patient confirmed (the page's script asks, or the confirm page).
    confirmed: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RescheduleInput {
    starts_at: String,
    confirmed: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppointmentQuery {
    date: String,
}

/// "This slot was just taken" (409) or why a time is not offered (422), with
/// the free slots of that day to choose from instead.
pub async fn not_bookable(
    state: &AppState,
    visitor: &Visitor,
    doctor_id: DoctorId,
    starts_at: Timestamp,
    error: &BookError,
) -> Response {
    let (status, title) = match error {
        BookError::SlotTaken => (StatusCode::CONFLICT, "This slot was just taken".to_owned()),
        BookError::PatientBusy | BookError::TooManyUpcoming(_) => {
            (StatusCode::CONFLICT, error.to_string())
        }
        BookError::FeeChanged(_) => (StatusCode::CONFLICT, "The fee has changed".to_owned()),
        other => (StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
    };
    let message = match error {
        BookError::SlotTaken => "Another patient booked this time a moment ago. Nothing was booked for you; here are other free times.".to_owned(),
        BookError::FeeChanged(fee) => format!("The consultation fee is now {}. Nothing was booked; please review the booking again.", fee.display()),
        BookError::PatientBusy => "You already have an appointment overlapping this time. Nothing was booked.".to_owned(),
        BookError::TooManyUpcoming(n) => format!("You already have {n} upcoming appointments, the most the clinic allows. Cancel one or wait until one has taken place."),
        other => format!("{other} Nothing was booked."),
    };
    let mut nearby = Vec::new();
    let mut doctor_value = Value::from(());
    if let Ok(doctor) = state.booking.bookable_doctor(doctor_id).await {
        let zone = doctor.profile.timezone.time_zone();
        let date = starts_at.to_zoned(zone.clone()).date();
        if let Ok(day) = state.booking.day_slots(doctor_id, date).await {
            let patient = patient_zone(state, visitor).await;
            nearby = slot_values(&day.slots, &zone, patient.as_ref());
        }
        doctor_value = doctor_card(&doctor);
    }
    render_status(
        status,
        state,
        visitor,
        "not_bookable.html",
        context! { title, message, nearby, doctor => doctor_value },
    )
}

pub async fn book(
    State(state): State<AppState>,
    user: PatientUser,
    FormData(input): FormData<BookInput>,
) -> Result<Response, AppError> {
    let doctor_id = parse_doctor_id(&input.doctor_id).ok_or_else(|| {
        AppError::BadRequest(
            "No doctor was chosen. Please start again from the list of doctors.".into(),
        )
    })?;
    let starts_at = parse_instant(&input.starts_at).ok_or_else(|| {
        AppError::BadRequest(
            "That appointment time was not understood. Please pick a time again.".into(),
        )
    })?;
    let request = BookRequest {
        doctor: doctor_id,
        starts_at,
        reason: input.reason.clone(),
        fee_seen: input.fee_minor.trim().parse().ok(),
    };
    match state.booking.book(user.id, &request).await {
        Ok(booked) => {
            Ok(Redirect::to(&format!("/appointments/{}", booked.appointment)).into_response())
        }
        Err(BookError::Invalid(errors)) => {
            let (doctor, slot) = match state.booking.review(doctor_id, starts_at).await {
                Ok(found) => found,
                Err(other) => {
                    return Ok(
                        not_bookable(&state, &user.visitor, doctor_id, starts_at, &other).await,
                    )
                }
            };
            let page = review_page(
                &state,
                &user.visitor,
                &doctor,
                &slot,
                &input.reason,
                Some("Please correct the field marked below. Nothing was booked yet.".into()),
                errors_value(&errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(BookError::DoctorNotFound) => Err(AppError::NotFound),
        Err(BookError::Unexpected(cause)) => Err(AppError::Unexpected(cause)),
        Err(other) => Ok(not_bookable(&state, &user.visitor, doctor_id, starts_at, &other).await),
    }
}

fn parse_id(text: &str) -> Result<AppointmentId, AppError> {
    text.parse::<i64>()
        .map(AppointmentId::new)
        .map_err(|_| AppError::NotFound)
}

/// An appointment for templates.
pub fn appointment_value(
    state: &AppState,
    a: &Appointment,
    doctor_zone: &jiff::tz::TimeZone,
    patient: Option<&jiff::tz::TimeZone>,
) -> Value {
    let now = state.clock.now();
    context! {
        id => a.id.get(),
        doctor_name => a.doctor_name.clone(),
        doctor_id => a.doctor_id.get(),
        start => times::when(a.starts_at, doctor_zone, patient),
        end_time => a.ends_at.to_zoned(doctor_zone.clone()).strftime("%H:%M").to_string(),
        reason => a.reason.as_str(),
        status => a.status.as_str(),
        status_label => a.status.label(),
        payment_status => a.payment_status.as_str(),
        payment_label => a.payment_status.label(),
        amount => a.amount.display(),
        zoom_link => a.zoom_link.clone(),
        hold_until => a.hold_until.filter(|_| a.is_active_at(now) && a.status == consulta_domain::model::AppointmentStatus::PendingPayment)
            .map(|t| times::time_with_place(t, doctor_zone)),
        can_change => state.booking.can_change(a),
        cancel_reason => a.cancel_reason.clone(),
        upcoming => a.ends_at > now,
    }
}

async fn zone_of(state: &AppState, doctor: DoctorId) -> Result<jiff::tz::TimeZone, AppError> {
    let zone = state
        .doctors
        .zone(doctor)
        .await
        .map_err(AppError::unexpected)?;
    zone.ok_or_else(|| AppError::Unexpected(format!("appointment of missing doctor {doctor}")))
}

async fn page(
    state: &AppState,
    user: &PatientUser,
    id: AppointmentId,
    date: &str,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let appointment = state
        .booking
        .own_appointment(user.id, id)
        .await
        .map_err(AppError::unexpected)?
        .ok_or(AppError::NotFound)?;
    let zone = zone_of(state, appointment.doctor_id).await?;
    let patient = patient_zone(state, &user.visitor).await;
    let mut move_slots = Vec::new();
    let mut move_date = String::new();
    if state.booking.can_change(&appointment)
        && appointment.status == consulta_domain::model::AppointmentStatus::Confirmed
    {
        let date = date
            .parse::<jiff::civil::Date>()
            .unwrap_or_else(|_| appointment.starts_at.to_zoned(zone.clone()).date());
        if let Ok(day) = state.booking.day_slots(appointment.doctor_id, date).await {
            move_slots = slot_values(&day.slots, &zone, patient.as_ref());
        }
        move_date = date.to_string();
    }
    let history = state
        .booking
        .history(id)
        .await
        .map_err(AppError::unexpected)?;
    let history: Vec<Value> = history
        .iter()
        .map(|h| context! {
            at => times::long_date(h.at, &zone) + ", " + &times::time_with_place(h.at, &zone),
            status => h.new_status.label(),
            moved_from => h.old_starts_at.filter(|old| Some(*old) != h.new_starts_at).map(|old| times::time_with_place(old, &zone) + " " + &times::long_date(old, &zone)),
            note => h.note.clone(),
        })
        .collect();
    Ok(render_status(
        status,
        state,
        &user.visitor,
        "appointment.html",
        context! {
            appointment => appointment_value(state, &appointment, &zone, patient.as_ref()),
            move_slots,
            move_date,
            history,
            error,
            cancel_notice_hours => state.booking.policy().cancel_notice.as_hours(),
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    Query(query): Query<AppointmentQuery>,
) -> Result<Response, AppError> {
    page(
        &state,
        &user,
        parse_id(&id)?,
        &query.date,
        StatusCode::OK,
        None,
    )
    .await
}

fn manage_failure(error: ManageError) -> Result<(StatusCode, String), AppError> {
    let status = match &error {
        ManageError::NotFound => return Err(AppError::NotFound),
        ManageError::Unexpected(cause) => return Err(AppError::Unexpected(cause.clone())),
        ManageError::SlotTaken
        | ManageError::PatientBusy
        | ManageError::Changed
        | ManageError::InvalidTransition(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, format!("{error} Nothing was changed.")))
}

pub async fn cancel(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<CancelInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    if input.confirmed != "yes" {
        let fields = [("reason", input.reason.as_str())];
        return confirm_page(
            &state,
            &user,
            id,
            "cancel",
            "Cancel this appointment?",
            "Yes, cancel it",
            &fields,
        )
        .await;
    }
    match state.booking.cancel(user.id, id, &input.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/appointments/{id}")).into_response()),
        Err(error) => {
            let (status, message) = manage_failure(error)?;
            page(&state, &user, id, "", status, Some(message)).await
        }
    }
}

pub async fn reschedule(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<RescheduleInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let Some(new_start) = parse_instant(&input.starts_at) else {
        return page(
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
        let title = "Move this appointment?";
        let fields = [("starts_at", input.starts_at.as_str())];
        return confirm_page(
            &state,
            &user,
            id,
            "reschedule",
            title,
            "Yes, move it",
            &fields,
        )
        .await;
    }
    match state.booking.reschedule(user.id, id, new_start).await {
        Ok(_) => Ok(Redirect::to(&format!("/appointments/{id}")).into_response()),
        Err(error) => {
            let (status, message) = manage_failure(error)?;
            page(&state, &user, id, "", status, Some(message)).await
        }
    }
}

/// Without JavaScript nothing asks "are you sure?" in the browser: this page
/// does, repeating the form with `confirmed=yes`. Nothing changes until then.
async fn confirm_page(
    state: &AppState,
    user: &PatientUser,
    id: AppointmentId,
    action: &str,
    title: &str,
    button: &str,
    fields: &[(&str, &str)],
) -> Result<Response, AppError> {
    let appointment = state
        .booking
        .own_appointment(user.id, id)
        .await
        .map_err(AppError::unexpected)?
        .ok_or(AppError::NotFound)?;
    let zone = zone_of(state, appointment.doctor_id).await?;
    let patient = patient_zone(state, &user.visitor).await;
    let new_time = fields
        .iter()
        .find(|(name, _)| *name == "starts_at")
        .and_then(|(_, value)| parse_instant(value))
        .map(|at| times::when(at, &zone, patient.as_ref()));
    let fields: Vec<Value> = fields
        .iter()
        .map(|(name, value)| context! { name => *name, value => *value })
        .collect();
    Ok(render_status(
        StatusCode::OK,
        state,
        &user.visitor,
        "confirm.html",
        context! {
            appointment => appointment_value(state, &appointment, &zone, patient.as_ref()),
            action, title, button, fields, new_time,
        },
    ))
}
