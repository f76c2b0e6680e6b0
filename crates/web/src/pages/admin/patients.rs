//! Staff's view of patients: a searchable list and one patient's record.

use crate::error::AppError;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times::display_date;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use consulta_domain::model::PatientId;
use minijinja::context;
use serde::Deserialize;

const PER_PAGE: i64 = 25;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: String,
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let found = state
        .accounts
        .search_patients(&query.q, page, PER_PAGE)
        .await?;
    let patients: Vec<_> = found
        .patients
        .iter()
        .map(|p| {
            context! {
                id => p.id.get(),
                name => p.name.clone(),
                email => p.email.clone(),
                phone => p.phone.clone(),
                registered => display_date(p.created_at),
            }
        })
        .collect();
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    render(
        &state,
        &admin.visitor,
        "admin/patients.html",
        context! { patients, total => found.total, q => query.q.trim(), page, pages },
    )
}

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let patient = match state
        .accounts
        .view_patient(PatientId::new(id), admin.id)
        .await
    {
        Ok(patient) => patient,
        Err(error) => return Err(error.into()),
    };
    let appointments: Vec<minijinja::Value> = state
        .desk
        .appointments_of(PatientId::new(id))
        .await?
        .iter()
        .map(|a| {
            context! {
                id => a.id.get(),
                doctor_name => a.doctor_name.clone(),
                date => a.appointment_date.clone(),
                time => a.appointment_time.clone(),
                status => a.status.label(),
            }
        })
        .collect();
    render(
        &state,
        &admin.visitor,
        "admin/patient.html",
        context! {
            appointments,
            patient => context! {
                id => patient.id.get(),
                name => patient.name.as_str(),
                email => patient.email.as_str(),
                phone => patient.phone.as_str(),
                timezone => patient.timezone.as_ref().map(|z| z.as_str().to_owned()),
                registered => display_date(patient.created_at),
                medical_history => patient.medical_history.as_str(),
            },
        },
    )
}
