//! The patient's dashboard: upcoming and past appointments.

use super::{render, BOOK_URL};
use crate::error::AppError;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::appointments::appointment_value;
use axum::extract::State;
use axum::response::Html;
use minijinja::{context, Value};
use std::collections::HashMap;

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
) -> Result<Html<String>, AppError> {
    let patient = state.accounts.own_contact(user.id).await?;
    let appointments = state.booking.appointments_of(user.id).await?;
    let zones: HashMap<_, _> = state
        .doctors
        .all()
        .await?
        .into_iter()
        .map(|d| (d.id, d.profile.timezone.time_zone()))
        .collect();
    let patient_zone = patient.timezone.as_ref().map(|z| z.time_zone());
    let now = state.clock.now();
    let (mut upcoming, mut past): (Vec<Value>, Vec<Value>) = (Vec::new(), Vec::new());
    // Newest first from the store; upcoming reads better soonest first.
    for appointment in appointments.iter().rev() {
        let zone = zones
            .get(&appointment.doctor_id)
            .cloned()
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let value = appointment_value(&state, appointment, &zone, patient_zone.as_ref());
        if appointment.ends_at > now && (appointment.is_active_at(now)) {
            upcoming.push(value);
        } else {
            past.insert(0, value);
        }
    }
    render(
        &state,
        &user.visitor,
        "dashboard.html",
        context! {
            patient => context! {
                name => patient.name.as_str(),
                email => patient.email.as_str(),
                phone => patient.phone.as_str(),
                timezone => patient.timezone.as_ref().map(|z| z.as_str().to_owned()),
            },
            upcoming,
            past,
            book_url => BOOK_URL,
        },
    )
}
