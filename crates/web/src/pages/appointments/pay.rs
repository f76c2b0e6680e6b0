//! GET /appointments/{id}/pay: what is paid for, how, and how long the slot
//! stays held; it asks nothing of the provider. Its POST opens exactly one
//! checkout (reused while it is open, so a double click never charges twice)
//! and sends the patient on to the provider.

use super::doctor_of;
use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::{redirect_with_flash, Flash, PatientUser, RazorpayCheckoutPage};
use crate::state::AppState;
use crate::views::checkout::{cancel_url, return_url, time_left};
use crate::views::parse::parse_appointment_id;
use crate::views::patient_zone::patient_zone;
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::{Appointment, AppointmentId, AppointmentStatus, Provider};
use consulta_domain::ports::CheckoutNext;
use consulta_domain::services::payments::{StartPayment, StartPaymentError};
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PayInput {
    /// The patient's choice when several providers are offered.
    provider: String,
}

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let appointment = payable(&state, &user, id).await?;
    let appointment = match appointment {
        Ok(appointment) => appointment,
        Err(paid) => return Ok(paid),
    };
    pay_page(&state, &user, &appointment, StatusCode::OK, None, "").await
}

pub async fn start(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<PayInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    let appointment = match payable(&state, &user, id).await? {
        Ok(appointment) => appointment,
        Err(paid) => return Ok(paid),
    };
    let offered = state.payments.offered();
    let provider = match offered.as_slice() {
        [_] => None,
        _ => match Provider::parse(input.provider.trim()).filter(|p| offered.contains(p)) {
            Some(chosen) => Some(chosen),
            None => {
                let refusal = AppError::from(StartPaymentError::ProviderNotOffered).refusal()?;
                return pay_page(
                    &state,
                    &user,
                    &appointment,
                    refusal.status,
                    refusal.message,
                    &input.provider,
                )
                .await;
            }
        },
    };
    let contact = state.accounts.own_contact(user.id).await?;
    let zone = doctor_of(&state, appointment.doctor_id)
        .await?
        .profile
        .timezone
        .time_zone();
    let chosen = provider.or_else(|| offered.first().copied());
    let start = StartPayment {
        appointment: id,
        patient: user.id,
        provider,
        description: format!(
            "Consultation, {}, {} {}",
            appointment.doctor_name,
            times::long_date(appointment.starts_at, &zone),
            times::time_with_place(appointment.starts_at, &zone)
        ),
        customer_email: Some(contact.email.as_str().to_owned()),
        return_url: chosen.map(|p| return_url(&state, p)).unwrap_or_default(),
        cancel_url: cancel_url(&state, id),
    };
    match state.payments.start_payment(start).await {
        Ok(started) => match started.checkout.next {
            CheckoutNext::Redirect { url } => Ok(Redirect::to(&url).into_response()),
            CheckoutNext::RazorpayCheckout {
                key_id,
                order_id,
                amount,
                callback_url,
                cancel_url,
                hosted_url,
            } => {
                let form_action = origin_of(&hosted_url);
                let mut page = render_status(
                    StatusCode::OK,
                    &state,
                    &user.visitor,
                    "razorpay_checkout.html",
                    context! {
                        appointment_id => id.get(),
                        doctor_name => appointment.doctor_name.clone(),
                        amount => amount.display(),
                        amount_minor => amount.minor(),
                        currency => amount.currency().code(),
                        key_id,
                        order_id,
                        callback_url,
                        cancel_url,
                        hosted_url,
                        clinic_name => state.settings.clinic.name.clone(),
                        email => contact.email.as_str(),
                    },
                );
                page.extensions_mut()
                    .insert(RazorpayCheckoutPage { form_action });
                Ok(page)
            }
        },
        Err(StartPaymentError::AlreadyPaid) => Ok(already_paid(&state, id)),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            pay_page(
                &state,
                &user,
                &appointment,
                refusal.status,
                refusal.message,
                &input.provider,
            )
            .await
        }
    }
}

/// `https://host[:port]` of a URL, for the page's form-action.
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after_scheme..]
        .find('/')
        .map(|i| i + after_scheme)
        .unwrap_or(url.len());
    url[..end].to_owned()
}

fn already_paid(state: &AppState, id: AppointmentId) -> Response {
    redirect_with_flash(
        &format!("/appointments/{id}"),
        Flash::AlreadyPaid,
        state.settings.server.https,
    )
}

/// The patient's own appointment if it may be paid now; a paid one answers
/// with the way back to it, one that cannot be paid with a 409.
async fn payable(
    state: &AppState,
    user: &PatientUser,
    id: AppointmentId,
) -> Result<Result<Appointment, Response>, AppError> {
    let appointment = state
        .booking
        .own_appointment(user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if state.payments.offered().is_empty() {
        // The clinic takes no online payment.
        return Err(AppError::NotFound);
    }
    if appointment.payment_status.was_paid() {
        return Ok(Err(already_paid(state, id)));
    }
    if !appointment.payable_at(state.clock.now()) {
        return Err(StartPaymentError::NotPayable.into());
    }
    Ok(Ok(appointment))
}

async fn pay_page(
    state: &AppState,
    user: &PatientUser,
    appointment: &Appointment,
    status: StatusCode,
    error: Option<String>,
    chosen: &str,
) -> Result<Response, AppError> {
    let zone = doctor_of(state, appointment.doctor_id)
        .await?
        .profile
        .timezone
        .time_zone();
    let patient = patient_zone(state, &user.visitor).await?;
    let now = state.clock.now();
    let offered = state.payments.offered();
    let providers: Vec<Value> = offered
        .iter()
        .enumerate()
        .map(|(i, p)| {
            context! {
                value => p.as_str(),
                label => p.label(),
                checked => if chosen.is_empty() { i == 0 } else { chosen == p.as_str() },
            }
        })
        .collect();
    let hold = appointment
        .hold_until
        .filter(|_| appointment.status == AppointmentStatus::PendingPayment)
        .map(|until| {
            let seconds = until.as_second() - now.as_second();
            context! {
                until => times::time_with_place(until, &zone),
                until_unix => until.as_second(),
                seconds_left => seconds.max(0),
                left => time_left(seconds),
            }
        });
    Ok(render_status(
        status,
        state,
        &user.visitor,
        "pay.html",
        context! {
            appointment_id => appointment.id.get(),
            doctor_name => appointment.doctor_name.clone(),
            start => times::when(appointment.starts_at, &zone, patient.as_ref()),
            end_time => appointment.ends_at.to_zoned(zone.clone()).strftime("%H:%M").to_string(),
            amount => appointment.amount.display(),
            currency => appointment.amount.currency().code(),
            providers,
            several => offered.len() > 1,
            test_mode => offered == [Provider::Simulated],
            hold,
            error,
        },
    ))
}
