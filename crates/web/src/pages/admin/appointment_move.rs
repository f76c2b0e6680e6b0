//! Staff moving a patient's appointment to another free time of its doctor
//! (without the patients' notice rules), after an "are you sure" page. The
//! patient gets the usual rescheduled mail; the history names the clinic.

use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::parse::{parse_appointment_id, parse_instant};
use crate::views::slots::slot_values;
use crate::views::times;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{Appointment, AppointmentStatus, Doctor};
use consulta_domain::services::booking::{ManageError, SlotsError};
use jiff::civil::Date;
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    date: String,
    starts_at: String,
    confirmed: String,
}

async fn appointment_and_doctor(
    state: &AppState,
    id: &str,
) -> Result<(Appointment, Doctor), AppError> {
    let id = parse_appointment_id(id)?;
    let file = state.desk.file(id).await?.ok_or(AppError::NotFound)?;
    let doctor = state
        .booking
        .doctor(file.appointment.doctor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((file.appointment, doctor))
}

/// The refusal as a sentence, and that nothing changed.
fn nothing_moved(error: &ManageError) -> String {
    let text = error.to_string();
    let mut sentence = text.trim_end_matches('.').to_owned();
    if let Some(first) = sentence.get(..1) {
        sentence.replace_range(..1, &first.to_uppercase());
    }
    format!("{sentence}. Nothing was moved.")
}

fn when(at: Timestamp, doctor: &Doctor) -> String {
    let zone = doctor.profile.timezone.time_zone();
    times::long_date(at, &zone) + ", " + &times::time_with_place(at, &zone)
}

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    Query(input): Query<MoveInput>,
) -> Result<Response, AppError> {
    let (appointment, doctor) = appointment_and_doctor(&state, &id).await?;
    page(
        &state,
        &admin,
        &appointment,
        &doctor,
        &input,
        StatusCode::OK,
        None,
    )
    .await
}

pub async fn move_it(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<MoveInput>,
) -> Result<Response, AppError> {
    let (appointment, doctor) = appointment_and_doctor(&state, &id).await?;
    let Some(new_start) = parse_instant(&input.starts_at) else {
        let message = "Choose one of the free times.";
        return page(
            &state,
            &admin,
            &appointment,
            &doctor,
            &input,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(message.to_owned()),
        )
        .await;
    };
    if input.confirmed != "yes" {
        return Ok(render_status(
            StatusCode::OK,
            &state,
            &admin.visitor,
            "admin/move_confirm.html",
            context! {
                id => appointment.id.get(),
                doctor_name => appointment.doctor_name.clone(),
                from => when(appointment.starts_at, &doctor),
                to => when(new_start, &doctor),
                starts_at => input.starts_at.clone(),
                date => input.date.clone(),
            },
        ));
    }
    let client = Some(admin.visitor.client.0.clone());
    let refusal = match state
        .staff_booking
        .reschedule(admin.id, appointment.id, new_start, client)
        .await
    {
        Ok(moved) => {
            return Ok(redirect_with_flash(
                &format!("/admin/appointments/{}", moved.id),
                Flash::StaffMoved,
                state.settings.server.https,
            ))
        }
        Err(ManageError::NotFound) => return Err(AppError::NotFound),
        Err(ManageError::Unexpected(cause)) => return Err(AppError::Unexpected(cause)),
        Err(ManageError::SlotTaken) => (
            StatusCode::CONFLICT,
            "This time is taken: the doctor has another appointment then. Nothing was moved; choose another time.".to_owned(),
        ),
        Err(ManageError::PatientBusy) => (
            StatusCode::CONFLICT,
            "The patient already has an appointment at this time. Nothing was moved.".to_owned(),
        ),
        Err(other @ (ManageError::Changed | ManageError::InvalidTransition(_))) => {
            (StatusCode::CONFLICT, nothing_moved(&other))
        }
        Err(other) => (StatusCode::UNPROCESSABLE_ENTITY, nothing_moved(&other)),
    };
    page(
        &state,
        &admin,
        &appointment,
        &doctor,
        &input,
        refusal.0,
        Some(refusal.1),
    )
    .await
}

async fn page(
    state: &AppState,
    admin: &AdminUser,
    appointment: &Appointment,
    doctor: &Doctor,
    input: &MoveInput,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let date = input
        .date
        .trim()
        .parse::<Date>()
        .unwrap_or_else(|_| state.booking.today_for(doctor));
    let movable = appointment.status == AppointmentStatus::Confirmed;
    let slots = match state.booking.staff_day_slots(doctor, date).await {
        Ok(day) => Some(slot_values(
            &day.slots,
            &doctor.profile.timezone.time_zone(),
            None,
        )),
        Err(SlotsError::DoctorNotFound) => None,
        Err(other) => return Err(other.into()),
    };
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/move_appointment.html",
        context! {
            id => appointment.id.get(),
            doctor_name => appointment.doctor_name.clone(),
            current => when(appointment.starts_at, doctor),
            status_label => appointment.status.label(),
            movable,
            date => date.to_string(),
            slots,
            starts_at => input.starts_at.clone(),
            error,
        },
    ))
}
