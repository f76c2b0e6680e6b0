//! GET /book: pick a doctor, a day and a slot (works without JavaScript); with
//! `starts_at`, the review page whose confirm button books.

use super::render;
use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use crate::views::booking::{not_bookable, review_page};
use crate::views::doctors::doctor_card;
use crate::views::parse::{parse_doctor_id, parse_instant};
use crate::views::patient_zone::visitor_zone;
use crate::views::slots::slot_values;
use crate::views::times::day_label;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::DoctorId;
use jiff::civil::Date;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BookQuery {
    pub doctor_id: String,
    pub date: String,
    pub starts_at: String,
}

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<BookQuery>,
) -> Result<Response, AppError> {
    if query.doctor_id.trim().is_empty() {
        return Ok(Redirect::to("/doctors").into_response());
    }
    let doctor_id = parse_doctor_id(&query.doctor_id).ok_or(AppError::NotFound)?;
    if !query.starts_at.is_empty() {
        return review(&state, &visitor, doctor_id, &query.starts_at).await;
    }
    let doctor = state.booking.bookable_doctor(doctor_id).await?;
    let today = state.booking.today_for(&doctor);
    let (date, date_error) = match query.date.trim() {
        "" => (today, None),
        text => match text.parse::<Date>() {
            Ok(date) if date >= today => (date, None),
            Ok(_) => (today, Some("That day has passed; here is today.")),
            Err(_) => (today, Some("That date was not understood; here is today.")),
        },
    };
    let day = state.booking.day_slots(&doctor, date).await?;
    let doctor_zone = doctor.profile.timezone.time_zone();
    let patient = visitor_zone(&state, &visitor).await?;
    let slots = slot_values(&day.slots, &doctor_zone, Some(&patient.zone));
    let page: Html<String> = render(
        &state,
        &visitor,
        "book.html",
        context! {
            doctor => doctor_card(&doctor),
            date => date.to_string(),
            date_label => day_label(date),
            today => today.to_string(),
            previous_day => date.yesterday().ok().filter(|d| *d >= today).map(|d| d.to_string()),
            next_day => date.tomorrow().ok().map(|d| d.to_string()),
            next_free_day => day.next_free_day.map(|d| d.to_string()),
            next_free_label => day.next_free_day.map(day_label),
            slots,
            date_error,
            zone => patient.value(),
            shows_theirs => patient.zone.iana_name() != doctor_zone.iana_name(),
        },
    )?;
    Ok(page.into_response())
}

async fn review(
    state: &AppState,
    visitor: &Visitor,
    doctor_id: DoctorId,
    starts_at: &str,
) -> Result<Response, AppError> {
    if visitor.session.is_none() {
        return Err(AppError::LoginRequired {
            next: visitor.here.clone(),
        });
    }
    if !visitor.is_patient() {
        return Err(AppError::Forbidden);
    }
    let starts_at = parse_instant(starts_at).ok_or_else(|| {
        AppError::BadRequest(
            "That appointment time was not understood. Please pick a time again.".into(),
        )
    })?;
    let doctor = state.booking.bookable_doctor(doctor_id).await?;
    match state.booking.review(&doctor, starts_at).await {
        Ok(slot) => {
            let page =
                review_page(state, visitor, &doctor, &slot, "", None, Value::from(())).await?;
            Ok(page.into_response())
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            not_bookable(state, visitor, Some(&doctor), starts_at, refusal).await
        }
    }
}
