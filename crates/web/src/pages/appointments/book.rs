//! POST /appointments: the review page's confirm button books.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::booking::{not_bookable, review_page};
use crate::views::parse::{parse_doctor_id, parse_instant};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::services::booking::{BookError, BookRequest};
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
        Err(error) => {
            let invalid = matches!(error, BookError::Invalid(_));
            let refusal = AppError::from(error).refusal()?;
            if !invalid {
                return Ok(
                    not_bookable(&state, &user.visitor, doctor_id, starts_at, refusal).await,
                );
            }
            // The form goes back to the review page, which needs the slot again.
            let (doctor, slot) = match state.booking.review(doctor_id, starts_at).await {
                Ok(found) => found,
                Err(other) => {
                    let refusal = AppError::from(other).refusal()?;
                    return Ok(
                        not_bookable(&state, &user.visitor, doctor_id, starts_at, refusal).await,
                    );
                }
            };
            let page = review_page(
                &state,
                &user.visitor,
                &doctor,
                &slot,
                &input.reason,
                refusal.message,
                errors_value(&refusal.fields),
            )
            .await?;
            Ok((refusal.status, page).into_response())
        }
    }
}
