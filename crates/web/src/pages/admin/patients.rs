//! Staff's view of patients: a searchable list and one patient's account,
//! with their appointments and payments. The medical history shows only
//! after "Show medical history" (a POST), so that every view of it is an
//! audited choice rather than a side effect of opening the page.

use crate::error::AppError;
use crate::forms::errors_value;
use crate::pages::{render, render_status};
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times::{display_date, long_date, time_with_place};
use crate::views::zones::zone_names;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, Response};
use consulta_domain::model::PatientId;
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
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

pub(super) fn parse_patient_id(text: &str) -> Result<PatientId, AppError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(PatientId::new(id)),
        _ => Err(AppError::NotFound),
    }
}

/// The contact form as typed, to show back after a refusal.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) phone: String,
    pub(super) timezone: String,
}

/// What one request adds to the patient's page.
#[derive(Default)]
pub(super) struct Feedback {
    pub(super) typed: Option<ContactInput>,
    pub(super) errors: FieldErrors,
    pub(super) error: Option<String>,
    pub(super) message: Option<&'static str>,
    pub(super) medical_history: Option<String>,
}

/// The patient's page: account, contact form, appointments, payments.
pub(super) async fn patient_page(
    state: &AppState,
    admin: &AdminUser,
    id: PatientId,
    status: StatusCode,
    feedback: Feedback,
) -> Result<Response, AppError> {
    let account = state.patients.account(id).await?;
    let zone = state.lists.zone().clone();
    let appointments: Vec<Value> = state
        .desk
        .appointments_of(id)
        .await?
        .iter()
        .map(|a| {
            context! {
                id => a.id.get(),
                doctor_name => a.doctor_name.clone(),
                date => long_date(a.starts_at, &zone),
                time => time_with_place(a.starts_at, &zone),
                status => a.status.label(),
            }
        })
        .collect();
    let payments: Vec<Value> = state
        .patients
        .payments(id)
        .await?
        .iter()
        .map(|p| {
            context! {
                id => p.payment.id.get(),
                appointment => p.payment.appointment.get(),
                amount => p.payment.amount.display(),
                provider => p.payment.provider.label(),
                state => p.payment.state.as_str(),
                flagged => p.flagged.clone(),
                date => long_date(p.created_at, &zone),
            }
        })
        .collect();
    let contact = &account.contact;
    let values = match &feedback.typed {
        Some(typed) => context! {
            name => typed.name.clone(),
            email => typed.email.clone(),
            phone => typed.phone.clone(),
            timezone => typed.timezone.clone(),
        },
        None => context! {
            name => contact.name.as_str(),
            email => contact.email.as_str(),
            phone => contact.phone.as_str(),
            timezone => contact.timezone.as_ref().map(|z| z.as_str()).unwrap_or_default(),
        },
    };
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/patient.html",
        context! {
            appointments,
            payments,
            values,
            errors => errors_value(&feedback.errors),
            error => feedback.error,
            message => feedback.message,
            medical_history => feedback.medical_history,
            zones => zone_names(),
            patient => context! {
                id => id.get(),
                name => contact.name.as_str(),
                email => contact.email.as_str(),
                phone => contact.phone.as_str(),
                timezone => contact.timezone.as_ref().map(|z| z.as_str().to_owned()),
                registered => display_date(account.created_at),
                deactivated => account.deactivated_at.map(|at| long_date(at, &zone) + ", " + &time_with_place(at, &zone)),
            },
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_patient_id(&id)?;
    patient_page(&state, &admin, id, StatusCode::OK, Feedback::default()).await
}

/// POST: the page again with the medical history; the view is audited in
/// the same transaction that reads it.
pub async fn medical_history(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_patient_id(&id)?;
    let patient = state.accounts.view_patient(id, admin.id).await?;
    let feedback = Feedback {
        medical_history: Some(patient.medical_history.as_str().to_owned()),
        ..Feedback::default()
    };
    patient_page(&state, &admin, id, StatusCode::OK, feedback).await
}
