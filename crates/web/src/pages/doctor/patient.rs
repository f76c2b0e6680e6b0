//! GET /doctor/patients/{id}: the record of one of the doctor's own patients,
//! medical history included; every view is audited. Anyone else's: 404.

use crate::error::AppError;
use crate::pages::render;
use crate::security::DoctorUser;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Html;
use consulta_domain::model::PatientId;
use minijinja::context;

pub async fn show(
    State(state): State<AppState>,
    doctor: DoctorUser,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let patient = state
        .doctor_day
        .patient_record(doctor.id, doctor.doctor, PatientId::new(id))
        .await?;
    render(
        &state,
        &doctor.visitor,
        "doctor/patient.html",
        context! {
            patient => context! {
                name => patient.name.as_str(),
                email => patient.email.as_str(),
                phone => patient.phone.as_str(),
                medical_history => patient.medical_history.as_str(),
            },
        },
    )
}
