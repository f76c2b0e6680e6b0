//! The two answers a booking attempt can get from both booking pages: the review
//! page (what will be booked, with the reason form) and "this time cannot be
//! booked" with the other free times of that day.

use super::doctors::doctor_card;
use super::patient_zone::patient_zone;
use super::slots::slot_values;
use super::times;
use crate::error::{AppError, Refusal};
use crate::pages::{render, render_status};
use crate::security::Visitor;
use crate::state::AppState;
use axum::response::{Html, Response};
use consulta_domain::model::Doctor;
use consulta_domain::schedule::Slot;
use consulta_domain::services::booking::{PaymentTiming, SlotsError};
use jiff::Timestamp;
use minijinja::{context, Value};

/// The review page: what will be booked, with the reason form.
pub async fn review_page(
    state: &AppState,
    visitor: &Visitor,
    doctor: &Doctor,
    slot: &Slot,
    reason: &str,
    error: Option<String>,
    errors: Value,
) -> Result<Html<String>, AppError> {
    let zone = doctor.profile.timezone.time_zone();
    let patient = patient_zone(state, visitor).await?;
    let policy = state.booking.policy();
    render(
        state,
        visitor,
        "review.html",
        context! {
            doctor => doctor_card(doctor),
            start => times::when(slot.starts_at(), &zone, patient.as_ref()),
            end_time => slot.local_end().strftime("%H:%M").to_string(),
            starts_at => slot.starts_at_rfc3339(),
            cancel_notice_hours => policy.cancel_notice.as_hours(),
            // Inside the notice it could not be moved or cancelled online once booked.
            locked_once_booked => !state.booking.changeable_once_booked(slot.starts_at()),
            day => slot.local_date().to_string(),
            pay_before => policy.payment == PaymentTiming::Before,
            hold_minutes => policy.hold.as_mins(),
            reason => reason,
            error => error,
            errors => errors,
        },
    )
}

/// A refused booking ("this slot was just taken", 409; why a time is not
/// offered, 422), with the doctor's free slots of that day to choose from
/// instead (none when the doctor is no longer to be found).
pub async fn not_bookable(
    state: &AppState,
    visitor: &Visitor,
    doctor: Option<&Doctor>,
    starts_at: Timestamp,
    refusal: Refusal,
) -> Result<Response, AppError> {
    let mut nearby = Vec::new();
    let mut doctor_value = Value::from(());
    if let Some(doctor) = doctor {
        let zone = doctor.profile.timezone.time_zone();
        let date = starts_at.to_zoned(zone.clone()).date();
        match state.booking.day_slots(doctor, date).await {
            Ok(day) => {
                let patient = patient_zone(state, visitor).await?;
                nearby = slot_values(&day.slots, &zone, patient.as_ref());
            }
            // Stopped taking appointments meanwhile: no other times to offer.
            Err(SlotsError::DoctorNotFound) => {}
            Err(failure) => return Err(failure.into()),
        }
        doctor_value = doctor_card(doctor);
    }
    Ok(render_status(
        refusal.status,
        state,
        visitor,
        "not_bookable.html",
        context! {
            title => refusal.title,
            message => refusal.message,
            nearby,
            doctor => doctor_value,
        },
    ))
}
