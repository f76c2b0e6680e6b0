//! POST /appointments: the review page's confirm button books.

use crate::error::{AppError, Refusal};
use crate::forms::{errors_value, FormData};
use crate::pages::verify_email::verify_first;
use crate::security::{redirect_with_flash, Flash, PatientUser};
use crate::state::AppState;
use crate::views::booking::{not_bookable, review_page};
use crate::views::checkout::pay_path;
use crate::views::parse::{parse_doctor_id, parse_instant};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::Doctor;
use consulta_domain::services::booking::{BookError, BookRequest, PaymentTiming, SlotsError};
use jiff::Timestamp;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BookInput {
    doctor_id: String,
    starts_at: String,
    reason: String,
    fee_minor: String,
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
    if let Err(unverified) = state.accounts.may_book(user.id).await {
        let refusal = AppError::from(unverified).refusal()?;
        return Ok(verify_first(&state, &user.visitor, refusal.message));
    }
    // Before booking, so the confirmation mail already shows the patient's time.
    if let Some(zone) = &user.visitor.browser_zone {
        state.accounts.remember_time_zone(user.id, zone).await?;
    }
    let request = BookRequest {
        doctor: doctor_id,
        starts_at,
        reason: input.reason.clone(),
        fee_seen: input.fee_minor.trim().parse().ok(),
    };
    let error = match state.booking.book(user.id, &request).await {
        Ok(booked) => {
            let secure = state.settings.server.https;
            // Pay first: the slot is held while the patient pays.
            if state.booking.policy().payment == PaymentTiming::Before {
                let to = pay_path(booked.appointment);
                return Ok(Redirect::to(&to).into_response());
            }
            let to = format!("/appointments/{}", booked.appointment);
            return Ok(redirect_with_flash(&to, Flash::Booked, secure));
        }
        Err(error) => error,
    };
    let invalid = matches!(error, BookError::Invalid(_));
    let refusal = AppError::from(error).refusal()?;
    // The answer shows the doctor again; a doctor gone meanwhile leaves just the refusal.
    let doctor = match state.booking.bookable_doctor(doctor_id).await {
        Ok(doctor) => Some(doctor),
        Err(SlotsError::DoctorNotFound) => None,
        Err(failure) => return Err(failure.into()),
    };
    match (&doctor, invalid) {
        (Some(doctor), true) => {
            fix_the_form(&state, &user, doctor, starts_at, &input, refusal).await
        }
        _ => not_bookable(&state, &user.visitor, doctor.as_ref(), starts_at, refusal).await,
    }
}

/// The review page again, with the field to correct and what was typed, while
/// the time is still to be had.
async fn fix_the_form(
    state: &AppState,
    user: &PatientUser,
    doctor: &Doctor,
    starts_at: Timestamp,
    input: &BookInput,
    refusal: Refusal,
) -> Result<Response, AppError> {
    let slot = match state.booking.review(doctor, starts_at).await {
        Ok(slot) => slot,
        Err(other) => {
            let refusal = AppError::from(other).refusal()?;
            return not_bookable(state, &user.visitor, Some(doctor), starts_at, refusal).await;
        }
    };
    let page = review_page(
        state,
        &user.visitor,
        doctor,
        &slot,
        &input.reason,
        refusal.message,
        errors_value(&refusal.fields),
    )
    .await?;
    Ok((refusal.status, page).into_response())
}
