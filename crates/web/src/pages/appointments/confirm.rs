//! The "are you sure?" step of cancelling and moving, for browsers without
//! JavaScript: it repeats the form with `confirmed=yes`. Nothing changes until then.

use super::doctor_of;
use crate::error::AppError;
use crate::pages::render_status;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::appointments::appointment_value;
use crate::views::parse::parse_instant;
use crate::views::patient_zone::patient_zone;
use crate::views::times;
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::AppointmentId;
use minijinja::{context, Value};

/// What the confirm page asks and which form it repeats.
pub struct Question<'a> {
    /// The path segment after the id: "cancel" or "reschedule".
    pub action: &'a str,
    pub title: &'a str,
    pub button: &'a str,
    /// The fields to send again, beside `confirmed=yes`.
    pub fields: &'a [(&'a str, &'a str)],
    /// A sentence said before the patient confirms (what a cancellation refunds).
    pub note: Option<String>,
}

pub async fn ask(
    state: &AppState,
    user: &PatientUser,
    id: AppointmentId,
    question: Question<'_>,
) -> Result<Response, AppError> {
    let appointment = state
        .booking
        .own_appointment(user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let zone = doctor_of(state, appointment.doctor_id)
        .await?
        .profile
        .timezone
        .time_zone();
    let patient = patient_zone(state, &user.visitor).await?;
    let new_time = question
        .fields
        .iter()
        .find(|(name, _)| *name == "starts_at")
        .and_then(|(_, value)| parse_instant(value))
        .map(|at| times::when(at, &zone, patient.as_ref()));
    let fields: Vec<Value> = question
        .fields
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
            action => question.action,
            title => question.title,
            button => question.button,
            fields,
            new_time,
            note => question.note,
        },
    ))
}
