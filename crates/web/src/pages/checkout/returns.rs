//! GET, POST /payments/return/{provider}: the patient back from the provider
//! (Razorpay posts its fields cross-site, so no session cookie comes with
//! it). The payment is found from the provider's own parameters and believed
//! only once the provider proves it; the page then says what happened.

use crate::error::AppError;
use crate::pages::render;
use crate::security::Visitor;
use crate::state::AppState;
use crate::views::checkout::appointment_of;
use crate::views::times;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use consulta_domain::model::{AppointmentStatus, PaymentState, Provider};
use consulta_domain::ports::{AfterPayment, EventEffect, ReturnParams};
use consulta_domain::services::payments::Returned;
use minijinja::context;

pub async fn back(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(provider): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let params = parse_params(query.unwrap_or_default().as_bytes())?;
    settle(&state, &visitor, &provider, params).await
}

pub async fn posted_back(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(provider): Path<String>,
    body: Bytes,
) -> Result<Html<String>, AppError> {
    let params = parse_params(&body)?;
    settle(&state, &visitor, &provider, params).await
}

fn parse_params(bytes: &[u8]) -> Result<ReturnParams, AppError> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .map(ReturnParams)
        .map_err(|_| {
            AppError::BadRequest(
                "The payment provider's answer could not be read. Nothing was changed.".into(),
            )
        })
}

/// What the return page tells the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Confirmed,
    /// The hold had run out, but the slot was still free.
    ConfirmedAfterExpiry,
    /// Paid, but the slot was gone: the refund is on its way.
    RefundDue,
    Failed,
    /// Another amount than asked: the clinic looks at it.
    Flagged,
    /// Not settled yet at the provider.
    Waiting,
}

impl Outcome {
    fn code(self) -> &'static str {
        match self {
            Outcome::Confirmed => "confirmed",
            Outcome::ConfirmedAfterExpiry => "confirmed_after_expiry",
            Outcome::RefundDue => "refund_due",
            Outcome::Failed => "failed",
            Outcome::Flagged => "flagged",
            Outcome::Waiting => "waiting",
        }
    }
}

async fn settle(
    state: &AppState,
    visitor: &Visitor,
    provider: &str,
    params: ReturnParams,
) -> Result<Html<String>, AppError> {
    let provider = Provider::parse(provider).ok_or(AppError::NotFound)?;
    let returned = state.payments.confirm_return(provider, &params).await?;
    let (appointment, zone) = appointment_of(state, &returned.payment).await?;
    let outcome = match &returned.effect {
        Some(EventEffect::Paid { appointment, .. }) => match appointment {
            AfterPayment::Confirmed | AfterPayment::AlreadyConfirmed => Outcome::Confirmed,
            AfterPayment::ConfirmedAfterExpiry => Outcome::ConfirmedAfterExpiry,
            AfterPayment::RefundDue => Outcome::RefundDue,
        },
        Some(EventEffect::Flagged { .. }) => Outcome::Flagged,
        // Settled before (the webhook came first, or a reload): the stored
        // state says what happened.
        _ => {
            let state_now = returned.payment.payment.state;
            if state_now.was_paid() {
                match appointment.status {
                    AppointmentStatus::Confirmed
                    | AppointmentStatus::Completed
                    | AppointmentStatus::NoShow => {
                        if was_expired(state, &returned).await? {
                            Outcome::ConfirmedAfterExpiry
                        } else {
                            Outcome::Confirmed
                        }
                    }
                    _ => Outcome::RefundDue,
                }
            } else if matches!(state_now, PaymentState::Failed | PaymentState::Cancelled) {
                Outcome::Failed
            } else if returned.payment.flagged.is_some() {
                Outcome::Flagged
            } else {
                Outcome::Waiting
            }
        }
    };
    let now = state.clock.now();
    render(
        state,
        visitor,
        "payment_result.html",
        context! {
            outcome => outcome.code(),
            appointment_id => appointment.id.get(),
            doctor_name => appointment.doctor_name.clone(),
            start => times::when(appointment.starts_at, &zone, None),
            amount => returned.payment.payment.amount.display(),
            invoice => returned.payment.invoice.as_ref().map(|n| n.to_string()),
            try_again => outcome == Outcome::Failed && appointment.payable_at(now),
            hold_until => appointment.hold_until.filter(|_| appointment.payable_at(now))
                .map(|t| times::time_with_place(t, &zone)),
        },
    )
}

/// Whether the appointment's hold ran out before it was confirmed.
async fn was_expired(state: &AppState, returned: &Returned) -> Result<bool, AppError> {
    let history = state
        .booking
        .history(returned.payment.payment.appointment)
        .await?;
    Ok(history
        .iter()
        .any(|h| h.new_status == AppointmentStatus::Expired))
}
