//! A patient's own appointments, one module per action: book, show, cancel,
//! reschedule, and the confirm step the last two share. Here: the appointment
//! page itself, which every action but booking answers with.

pub mod book;
pub mod cancel;
pub mod confirm;
pub mod pay;
pub mod reschedule;
pub mod show;

use super::render_status;
use crate::error::AppError;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::appointments::appointment_value;
use crate::views::patient_zone::patient_zone;
use crate::views::payments::{appointment_payments, cancellation_refund_note};
use crate::views::slots::slot_values;
use crate::views::times;
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{AppointmentId, AppointmentStatus, Doctor, DoctorId};
use consulta_domain::services::booking::SlotsError;
use minijinja::{context, Value};

/// An appointment's doctor, active or not: its times show in the doctor's zone.
async fn doctor_of(state: &AppState, id: DoctorId) -> Result<Doctor, AppError> {
    state
        .booking
        .doctor(id)
        .await?
        .ok_or_else(|| AppError::unexpected(format!("appointment of missing doctor {id}")))
}

/// One own appointment: details, the times it could move to, its history, and
/// `error` when an action on it was refused.
async fn appointment_page(
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
        .await?
        .ok_or(AppError::NotFound)?;
    let doctor = doctor_of(state, appointment.doctor_id).await?;
    let zone = doctor.profile.timezone.time_zone();
    let patient = patient_zone(state, &user.visitor).await?;
    let mut move_slots = Vec::new();
    let mut move_date = String::new();
    if state.booking.can_change(&appointment) && appointment.status == AppointmentStatus::Confirmed
    {
        let date = date
            .parse::<jiff::civil::Date>()
            .unwrap_or_else(|_| appointment.starts_at.to_zoned(zone.clone()).date());
        match state.booking.day_slots(&doctor, date).await {
            Ok(day) => move_slots = slot_values(&day.slots, &zone, patient.as_ref()),
            // No times to move to once the doctor stopped taking appointments.
            Err(SlotsError::DoctorNotFound) => {}
            Err(failure) => return Err(failure.into()),
        }
        move_date = date.to_string();
    }
    let passcode = state
        .booking
        .own_meeting_passcode(user.id, &appointment)
        .await?;
    let history = state.booking.history(id).await?;
    let history: Vec<Value> = history
        .iter()
        .map(|h| context! {
            at => times::long_date(h.at, &zone) + ", " + &times::time_with_place(h.at, &zone),
            status => h.new_status.label(),
            moved_from => h.old_starts_at.filter(|old| Some(*old) != h.new_starts_at).map(|old| times::time_with_place(old, &zone) + " " + &times::long_date(old, &zone)),
            note => h.note.clone(),
        })
        .collect();
    let payments = appointment_payments(state, id, Some(user.id), &zone).await?;
    let refund_note = if state.booking.can_change(&appointment) {
        cancellation_refund_note(state, id, user.id).await?
    } else {
        None
    };
    Ok(render_status(
        status,
        state,
        &user.visitor,
        "appointment.html",
        context! {
            appointment => appointment_value(state, &appointment, &zone, patient.as_ref()),
            move_slots,
            move_date,
            passcode,
            history,
            error,
            cancel_notice_hours => state.booking.policy().cancel_notice.as_hours(),
            payments,
            refund_note,
        },
    ))
}
