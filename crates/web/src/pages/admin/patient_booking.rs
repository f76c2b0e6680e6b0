//! Staff booking for a patient who phones or walks in: pick a doctor and a
//! day, then one of the free times (without the patients' notice and
//! horizon), and the reason. The patient gets the usual mails.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::pages::render_status;
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::parse::{parse_doctor_id, parse_instant};
use crate::views::slots::slot_values;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{Doctor, PatientContact, PatientId};
use consulta_domain::services::booking::{BookError, BookRequest, SlotsError};
use consulta_domain::validation::FieldErrors;
use jiff::civil::Date;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Choice {
    doctor_id: String,
    date: String,
    starts_at: String,
    reason: String,
}

fn patient_id(text: &str) -> Result<PatientId, AppError> {
    text.parse::<i64>()
        .map(PatientId::new)
        .map_err(|_| AppError::NotFound)
}

async fn patient(state: &AppState, id: PatientId) -> Result<PatientContact, AppError> {
    state
        .staff_booking
        .patient(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the page is sent back with after a refused booking.
struct Refused {
    status: StatusCode,
    message: String,
    errors: FieldErrors,
}

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    Query(choice): Query<Choice>,
) -> Result<Response, AppError> {
    let id = patient_id(&id)?;
    let patient = patient(&state, id).await?;
    page(&state, &admin, id, &patient, &choice, None).await
}

pub async fn book(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(choice): FormData<Choice>,
) -> Result<Response, AppError> {
    let id = patient_id(&id)?;
    let patient = patient(&state, id).await?;
    let refuse = |status, message: &str, errors| Refused {
        status,
        message: message.to_owned(),
        errors,
    };
    let (Some(doctor), Some(starts_at)) = (
        parse_doctor_id(&choice.doctor_id),
        parse_instant(&choice.starts_at),
    ) else {
        let refused = refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a doctor, a day and one of the free times.",
            FieldErrors::single("starts_at", "Choose one of the free times."),
        );
        return page(&state, &admin, id, &patient, &choice, Some(refused)).await;
    };
    let request = BookRequest {
        doctor,
        starts_at,
        reason: choice.reason.clone(),
        fee_seen: None,
    };
    let client = Some(admin.visitor.client.0.clone());
    let refused = match state
        .staff_booking
        .book(admin.id, id, &request, client)
        .await
    {
        Ok(booked) => {
            return Ok(redirect_with_flash(
                &format!("/admin/appointments/{}", booked.appointment),
                Flash::StaffBooked,
                state.settings.server.https,
            ))
        }
        Err(BookError::Invalid(errors)) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Please correct the field marked below. Nothing was booked.",
            errors,
        ),
        Err(BookError::DoctorNotFound) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This doctor is not taking appointments. Nothing was booked.",
            FieldErrors::new(),
        ),
        Err(BookError::NotOffered(reason)) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{reason} Nothing was booked."),
            FieldErrors::new(),
        ),
        Err(BookError::SlotTaken) => refuse(
            StatusCode::CONFLICT,
            "This time is taken: the doctor has another appointment then. Nothing was booked; choose another time.",
            FieldErrors::new(),
        ),
        Err(BookError::PatientBusy) => refuse(
            StatusCode::CONFLICT,
            "The patient already has an appointment at this time. Nothing was booked; choose another time.",
            FieldErrors::new(),
        ),
        Err(other @ (BookError::TooManyUpcoming(_) | BookError::FeeChanged(_))) => refuse(
            StatusCode::CONFLICT,
            &format!("{other} Nothing was booked."),
            FieldErrors::new(),
        ),
        Err(BookError::Unexpected(cause)) => return Err(AppError::Unexpected(cause)),
    };
    page(&state, &admin, id, &patient, &choice, Some(refused)).await
}

/// The doctor chosen (active ones only) and the day's free times for staff.
async fn free_times(
    state: &AppState,
    doctor: &Doctor,
    date: Date,
) -> Result<Option<Vec<Value>>, AppError> {
    match state.booking.staff_day_slots(doctor, date).await {
        Ok(day) => {
            let zone = doctor.profile.timezone.time_zone();
            Ok(Some(slot_values(&day.slots, &zone, None)))
        }
        Err(SlotsError::DoctorNotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

async fn page(
    state: &AppState,
    admin: &AdminUser,
    id: PatientId,
    patient: &PatientContact,
    choice: &Choice,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    let doctors = state.booking.active_doctors().await?;
    let chosen = parse_doctor_id(&choice.doctor_id)
        .and_then(|wanted| doctors.iter().find(|d| d.id == wanted));
    let date = choice.date.trim().parse::<Date>().ok();
    let date = match (chosen, date) {
        (_, Some(date)) => Some(date),
        (Some(doctor), None) => Some(state.booking.today_for(doctor)),
        (None, None) => None,
    };
    let slots = match (chosen, date) {
        (Some(doctor), Some(date)) => free_times(state, doctor, date).await?,
        _ => None,
    };
    let doctor_options: Vec<Value> = doctors
        .iter()
        .map(|d| context! { id => d.id.get(), name => d.profile.name.as_str(), specialty => d.profile.specialty.clone() })
        .collect();
    let (status, message, errors) = match refused {
        Some(r) => (r.status, Some(r.message), r.errors),
        None => (StatusCode::OK, None, FieldErrors::new()),
    };
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/book_for_patient.html",
        context! {
            patient => context! { id => id.get(), name => patient.name.as_str(), email => patient.email.as_str() },
            doctors => doctor_options,
            doctor_id => chosen.map(|d| d.id.get()),
            doctor_name => chosen.map(|d| d.profile.name.as_str().to_owned()),
            date => date.map(|d| d.to_string()),
            slots,
            starts_at => choice.starts_at.clone(),
            reason => choice.reason.clone(),
            error => message,
            errors => errors_value(&errors),
        },
    ))
}
