//! GET, POST /payments/simulated/{ref}: the simulated gateway's hosted
//! checkout, served by Consulta itself and marked TEST MODE. Pay or Decline
//! sends a signed webhook by a real HTTP POST to
//! `server.public_url/webhooks/simulated` (the path every provider's events
//! take), then sends the browser back with the signed return, as a real
//! gateway does. No money moves.

use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::support::random_token;
use crate::views::checkout::{appointment_of, return_url, webhook_url};
use crate::views::times;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::{PaymentState, Provider};
use consulta_domain::ports::PaymentRecord;
use consulta_payments::simulated::SimulatedEvent;
use consulta_payments::SIMULATED_SIGNATURE_HEADER;
use minijinja::context;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TestCheckoutInput {
    /// "pay" or "decline".
    outcome: String,
}

pub async fn show(
    State(state): State<AppState>,
    user: PatientUser,
    Path(sim_ref): Path<String>,
) -> Result<Response, AppError> {
    let record = own_checkout(&state, &user, &sim_ref).await?;
    test_page(&state, &user, &record, StatusCode::OK, None).await
}

pub async fn submit(
    State(state): State<AppState>,
    user: PatientUser,
    Path(sim_ref): Path<String>,
    FormData(input): FormData<TestCheckoutInput>,
) -> Result<Response, AppError> {
    let record = own_checkout(&state, &user, &sim_ref).await?;
    if record.payment.state != PaymentState::Pending {
        let closed = "This test checkout is closed already: nothing was sent.".to_owned();
        return test_page(&state, &user, &record, StatusCode::CONFLICT, Some(closed)).await;
    }
    let (kind, status) = match input.outcome.as_str() {
        "pay" => ("payment.succeeded", "paid"),
        "decline" => ("payment.failed", "failed"),
        _ => {
            let choose = "Choose Pay or Decline.".to_owned();
            return test_page(
                &state,
                &user,
                &record,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(choose),
            )
            .await;
        }
    };
    let amount = record.payment.amount;
    let event = SimulatedEvent {
        id: format!("evt_sim_{}", &random_token()[..24]),
        kind: kind.to_owned(),
        sim_ref: sim_ref.clone(),
        payment_id: record.payment.id.get(),
        amount: amount.minor(),
        currency: amount.currency().code().to_owned(),
        refund_ref: None,
    };
    let body = serde_json::to_vec(&event).map_err(AppError::unexpected)?;
    deliver(&state, body).await;
    let params = state.simulated.signed_return(&sim_ref, status, amount);
    let query = serde_urlencoded::to_string(&params).map_err(AppError::unexpected)?;
    let back = format!("{}?{query}", return_url(&state, Provider::Simulated));
    Ok(Redirect::to(&back).into_response())
}

/// Posts the signed event as a provider would. A failed delivery is only
/// logged: the signed return proves the outcome too, as with a real provider
/// whose webhook comes late.
async fn deliver(state: &AppState, body: Vec<u8>) {
    let signature = state.simulated.sign_webhook(&body, state.clock.now());
    let url = webhook_url(state, Provider::Simulated);
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::warn!(%error, "the simulated gateway could not make its HTTP client");
            return;
        }
    };
    let sent = client
        .post(&url)
        .header(SIMULATED_SIGNATURE_HEADER, signature)
        .header(header::CONTENT_TYPE.as_str(), "application/json")
        .body(body)
        .send()
        .await;
    match sent {
        Ok(answer) if answer.status().is_success() => {}
        Ok(answer) => {
            tracing::warn!(status = answer.status().as_u16(), %url, "the simulated webhook was refused")
        }
        Err(error) => tracing::warn!(%error, %url, "the simulated webhook could not be delivered"),
    }
}

/// The patient's own simulated checkout; anyone else's is not found.
async fn own_checkout(
    state: &AppState,
    user: &PatientUser,
    sim_ref: &str,
) -> Result<PaymentRecord, AppError> {
    state
        .payments
        .checkout_by_ref(Provider::Simulated, sim_ref)
        .await?
        .filter(|record| record.patient == user.id)
        .ok_or(AppError::NotFound)
}

async fn test_page(
    state: &AppState,
    user: &PatientUser,
    record: &PaymentRecord,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let (_, zone) = appointment_of(state, record).await?;
    Ok(render_status(
        status,
        state,
        &user.visitor,
        "simulated_checkout.html",
        context! {
            sim_ref => record.payment.provider_ref.clone(),
            amount => record.payment.amount.display(),
            doctor_name => record.doctor_name.clone(),
            start => times::when(record.starts_at, &zone, None),
            open => record.payment.state == PaymentState::Pending,
            state_label => record.payment.state.as_str(),
            appointment_id => record.payment.appointment.get(),
            error,
        },
    ))
}
