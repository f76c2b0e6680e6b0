//! Recording a payment taken at the clinic (cash, card terminal) from one
//! appointment's page: the method and a reference, never an amount (the
//! stored fee is what was paid). A refusal comes back on a page of its own
//! with the form as it was typed.

use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{Appointment, AppointmentStatus, ClinicMethod, PaymentStatus};
use consulta_domain::services::payments::{ClinicPaymentEntry, ClinicPaymentError, REFERENCE_MAX};
use jiff::Timestamp;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClinicPaymentInput {
    method: String,
    reference: String,
}

/// Whether the desk may take the fee now: held (within its hold), confirmed
/// or completed, and not paid yet.
fn open_for_payment(a: &Appointment, now: Timestamp) -> bool {
    let unpaid = matches!(
        a.payment_status,
        PaymentStatus::Unpaid | PaymentStatus::Pending | PaymentStatus::Failed
    );
    let status = match a.status {
        AppointmentStatus::PendingPayment => a.is_active_at(now),
        AppointmentStatus::Confirmed | AppointmentStatus::Completed => true,
        _ => false,
    };
    unpaid && status
}

/// What `templates/admin/_clinic_payment.html` needs on the appointment page.
pub fn section(a: &Appointment, now: Timestamp) -> Value {
    form_value(open_for_payment(a, now), "cash", "", None)
}

fn form_value(open: bool, method: &str, reference: &str, error: Option<String>) -> Value {
    let methods: Vec<Value> = ClinicMethod::ALL
        .iter()
        .map(|m| context! { value => m.as_str(), label => m.label() })
        .collect();
    context! {
        open,
        methods,
        method,
        reference,
        reference_max => REFERENCE_MAX,
        error,
    }
}

/// POST /admin/appointments/{id}/clinic-payment
pub async fn record(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<ClinicPaymentInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let refusal = match ClinicMethod::parse(&input.method) {
        None => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose how it was paid: cash, card terminal or other.".to_owned(),
        )),
        Some(method) => {
            let entry = ClinicPaymentEntry {
                appointment: id,
                method,
                reference: input.reference.clone(),
                staff: admin.id,
                client: Some(admin.visitor.client.0.clone()),
            };
            match state.clinic_payments.record(entry).await {
                Ok(_) => None,
                Err(ClinicPaymentError::NotFound) => return Err(AppError::NotFound),
                Err(ClinicPaymentError::Unexpected(cause)) => {
                    return Err(AppError::Unexpected(cause))
                }
                Err(
                    e @ (ClinicPaymentError::ReferenceMissing
                    | ClinicPaymentError::ReferenceTooLong),
                ) => Some((StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
                Err(e @ (ClinicPaymentError::AlreadyPaid | ClinicPaymentError::NotPayable(_))) => {
                    Some((StatusCode::CONFLICT, e.to_string()))
                }
            }
        }
    };
    let Some((status, message)) = refusal else {
        return Ok(redirect_with_flash(
            &format!("/admin/appointments/{id}"),
            Flash::ClinicPaymentRecorded,
            state.settings.server.https,
        ));
    };
    let file = state.desk.file(id).await?.ok_or(AppError::NotFound)?;
    let a = &file.appointment;
    let zone = state
        .booking
        .doctor(a.doctor_id)
        .await?
        .map(|d| d.profile.timezone.time_zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let open = open_for_payment(a, state.clock.now());
    Ok(render_status(
        status,
        &state,
        &admin.visitor,
        "admin/clinic_payment.html",
        context! {
            a => context! {
                id => a.id.get(),
                doctor_name => a.doctor_name.clone(),
                starts => times::long_date(a.starts_at, &zone) + ", " + &times::time_with_place(a.starts_at, &zone),
                amount => a.amount.display(),
                payment_label => a.payment_status.label(),
            },
            clinic_payment => form_value(open, &input.method, &input.reference, Some(message)),
        },
    ))
}
