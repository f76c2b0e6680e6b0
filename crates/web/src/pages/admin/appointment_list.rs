//! All appointments for staff at /admin/appointments: filters, pages, and the
//! same filters as a CSV download at /admin/appointments.csv.

use crate::error::AppError;
use crate::pages::render_status;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::csv::{csv_download, csv_text};
use crate::views::times;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use consulta_domain::model::{AppointmentStatus, DoctorId, PaymentStatus};
use consulta_domain::ports::AppointmentListing;
use consulta_domain::services::appointment_list::{ListError, ListFilter};
use consulta_domain::validation::FieldErrors;
use jiff::tz::TimeZone;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

/// The filter form as typed: kept on the page whatever it holds.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ListInput {
    from: String,
    to: String,
    doctor_id: String,
    status: String,
    payment_status: String,
    patient: String,
    sort: String,
    page: String,
}

/// The filter, or the message for each field that was not understood.
fn parse(input: &ListInput) -> Result<ListFilter, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = |field: &'static str, text: &str, errors: &mut FieldErrors| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        text.parse::<jiff::civil::Date>()
            .map_err(|_| errors.add(field, "Give a date as YYYY-MM-DD."))
            .ok()
    };
    let from = date("from", &input.from, &mut errors);
    let to = date("to", &input.to, &mut errors);
    let doctor = match input.doctor_id.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) => Some(DoctorId::new(id)),
            Err(_) => {
                errors.add("doctor_id", "Choose a doctor from the list.");
                None
            }
        },
    };
    let status = match input.status.trim() {
        "" => None,
        text => AppointmentStatus::parse(text).or_else(|| {
            errors.add("status", "Choose a status from the list.");
            None
        }),
    };
    let payment_status = match input.payment_status.trim() {
        "" => None,
        text => PaymentStatus::parse(text).or_else(|| {
            errors.add("payment_status", "Choose a payment status from the list.");
            None
        }),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ListFilter {
        from,
        to,
        doctor,
        status,
        payment_status,
        patient: Some(input.patient.clone()),
        newest_first: input.sort == "newest",
        page: input.page.trim().parse().unwrap_or(1),
    })
}

fn row_value(row: &AppointmentListing, zone: &TimeZone) -> Value {
    let a = &row.appointment;
    context! {
        id => a.id.get(),
        when => times::long_date(a.starts_at, zone) + ", " + &times::time_with_place(a.starts_at, zone),
        patient => row.patient_name.clone(),
        email => row.patient_email.clone(),
        doctor => a.doctor_name.clone(),
        status => a.status.label(),
        payment => a.payment_status.label(),
        amount => a.amount.display(),
    }
}

async fn doctor_options(state: &AppState) -> Result<Vec<Value>, AppError> {
    Ok(state
        .doctors
        .all()
        .await?
        .iter()
        .map(|d| context! { id => d.id.get(), name => d.profile.name.as_str() })
        .collect())
}

fn statuses() -> Vec<Value> {
    [
        AppointmentStatus::PendingPayment,
        AppointmentStatus::Confirmed,
        AppointmentStatus::Completed,
        AppointmentStatus::NoShow,
        AppointmentStatus::Expired,
        AppointmentStatus::Cancelled,
    ]
    .iter()
    .map(|s| context! { value => s.as_str(), label => s.label() })
    .collect()
}

fn payment_statuses() -> Vec<Value> {
    [
        PaymentStatus::Unpaid,
        PaymentStatus::Pending,
        PaymentStatus::Paid,
        PaymentStatus::Failed,
        PaymentStatus::Refunded,
        PaymentStatus::PartiallyRefunded,
    ]
    .iter()
    .map(|s| context! { value => s.as_str(), label => s.label() })
    .collect()
}

fn list_refusal(error: ListError) -> Result<FieldErrors, AppError> {
    match error {
        ListError::ReversedRange => Ok(FieldErrors::single("to", error.to_string())),
        ListError::PatientTooLong => Ok(FieldErrors::single("patient", error.to_string())),
        ListError::Unexpected(cause) => Err(AppError::Unexpected(cause)),
    }
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(input): Query<ListInput>,
) -> Result<Response, AppError> {
    let zone = state.lists.zone().clone();
    let page = match parse(&input) {
        Ok(filter) => state.lists.page(&filter).await.map_err(list_refusal),
        Err(errors) => Err(Ok(errors)),
    };
    let (status, body) = match page {
        Ok(list) => {
            let query = serde_urlencoded::to_string(ListInput {
                page: String::new(),
                ..input.clone()
            })
            .unwrap_or_default();
            (
                StatusCode::OK,
                context! {
                    rows => list.rows.iter().map(|r| row_value(r, &zone)).collect::<Vec<_>>(),
                    total => list.total,
                    page => list.page,
                    pages => list.pages,
                    query,
                },
            )
        }
        Err(refused) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            context! { errors => crate::forms::errors_value(&refused?), rows => Vec::<Value>::new() },
        ),
    };
    Ok(render_status(
        status,
        &state,
        &admin.visitor,
        "admin/appointments.html",
        context! {
            form => input,
            doctors => doctor_options(&state).await?,
            statuses => statuses(),
            payment_statuses => payment_statuses(),
            zone => zone.iana_name().unwrap_or("UTC"),
            ..body
        },
    ))
}

pub async fn csv(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(input): Query<ListInput>,
) -> Result<Response, AppError> {
    let filter = match parse(&input) {
        Ok(filter) => filter,
        Err(errors) => {
            return Err(AppError::BadRequest(
                errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            ))
        }
    };
    let rows = match state.lists.export(&filter).await {
        Ok(rows) => rows,
        Err(ListError::Unexpected(cause)) => return Err(AppError::Unexpected(cause)),
        Err(other) => return Err(AppError::BadRequest(other.to_string())),
    };
    let zone = state.lists.zone().clone();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let a = &row.appointment;
            let local = a.starts_at.to_zoned(zone.clone());
            vec![
                a.id.to_string(),
                local.strftime("%Y-%m-%d").to_string(),
                local.strftime("%H:%M").to_string(),
                row.patient_name.clone(),
                row.patient_email.clone(),
                a.doctor_name.clone(),
                a.reason.as_str().to_owned(),
                a.status.as_str().to_owned(),
                a.payment_status.as_str().to_owned(),
                a.amount.display(),
            ]
        })
        .collect();
    let header = [
        "id",
        "date",
        "time",
        "patient",
        "email",
        "doctor",
        "reason",
        "status",
        "payment_status",
        "amount",
    ];
    let text = csv_text(&header, &cells).map_err(AppError::unexpected)?;
    Ok(csv_download("appointments.csv", text).into_response())
}
