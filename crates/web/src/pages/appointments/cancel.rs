//! POST /appointments/{id}/cancel: asks first (saying what a paid
//! appointment gets back under `payments.refund_policy`), then cancels and
//! refunds what the policy gives back.

use super::appointment_page;
use super::confirm::{ask, Question};
use crate::error::AppError;
use crate::forms::FormData;
use crate::security::{redirect_with_flash, Flash, PatientUser};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use crate::views::payments::cancellation_refund_note;
use axum::extract::{Path, State};
use axum::response::Response;
use consulta_domain::model::{AppointmentId, PatientId};
use consulta_domain::services::payments::CancellationRefundError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelInput {
    reason: String,
    /// "yes" once the patient confirmed (the page's script asks, or the confirm page).
    confirmed: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    user: PatientUser,
    Path(id): Path<String>,
    FormData(input): FormData<CancelInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    if input.confirmed != "yes" {
        let question = Question {
            action: "cancel",
            title: "Cancel this appointment?",
            button: "Yes, cancel it",
            fields: &[("reason", input.reason.as_str())],
            note: cancellation_refund_note(&state, id, user.id).await?,
        };
        return ask(&state, &user, id, question).await;
    }
    match state.booking.cancel(user.id, id, &input.reason).await {
        Ok(_) => {
            refund_after_cancelling(&state, user.id, id).await;
            Ok(redirect_with_flash(
                &format!("/appointments/{id}"),
                Flash::Cancelled,
                state.settings.server.https,
            ))
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            appointment_page(&state, &user, id, "", refusal.status, refusal.message).await
        }
    }
}

/// The cancellation stands whatever the refund does: a provider that fails
/// leaves the payment flagged for staff (the appointment page says the clinic
/// will refund), anything else goes to the log.
async fn refund_after_cancelling(state: &AppState, patient: PatientId, id: AppointmentId) {
    match state.payments.refund_after_cancellation(id, patient).await {
        Ok(_) => {}
        Err(CancellationRefundError::ProviderFailed(why)) => {
            tracing::warn!(appointment = %id, %why, "refund after cancellation left to staff");
        }
        Err(error) => AppError::from(error).log(),
    }
}
