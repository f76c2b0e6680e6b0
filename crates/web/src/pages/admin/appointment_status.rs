//! Staff change an appointment's status from its page: completed, missed,
//! or cancelled for the patient (asked first, with the reason they are told).

use super::appointments::appointment_page;
use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render_status;
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::AppointmentId;
use consulta_domain::services::appointment_desk::{
    Outcome, StaffCancellation, StaffHand, StaffScope,
};
use consulta_domain::services::payments::RefundPolicy;
use minijinja::context;
use serde::Deserialize;

fn hand(admin: &AdminUser) -> StaffHand {
    StaffHand {
        staff: admin.id,
        scope: StaffScope::Clinic,
        client: Some(admin.visitor.client.0.clone()),
    }
}

async fn record(
    state: &AppState,
    admin: &AdminUser,
    id: AppointmentId,
    outcome: Outcome,
    flash: Flash,
) -> Result<Response, AppError> {
    match state.desk.record_outcome(&hand(admin), id, outcome).await {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/appointments/{id}"),
            flash,
            state.settings.server.https,
        )),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            appointment_page(state, &admin.visitor, id, refusal.status, refusal.message).await
        }
    }
}

pub async fn complete(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    record(
        &state,
        &admin,
        id,
        Outcome::Completed,
        Flash::MarkedCompleted,
    )
    .await
}

pub async fn no_show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    record(&state, &admin, id, Outcome::NoShow, Flash::MarkedNoShow).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelInput {
    reason: String,
    /// "yes": refund a paid appointment under the refund policy.
    refund: String,
    /// "yes" from the confirmation page's button.
    confirmed: String,
}

/// The "are you sure?" page, with the reason to send (and what was wrong with it).
async fn confirm_page(
    state: &AppState,
    admin: &AdminUser,
    id: AppointmentId,
    reason: &str,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let appointment = state
        .desk
        .in_scope(StaffScope::Clinic, id)
        .await
        .map_err(AppError::from)?;
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/appointment_cancel.html",
        context! {
            a => context! {
                id => id.get(),
                doctor_name => appointment.doctor_name.clone(),
                date => appointment.appointment_date.clone(),
                time => appointment.appointment_time.clone(),
                paid => appointment.payment_status.was_paid(),
            },
            refund_policy => match state.payments.refund_policy() {
                RefundPolicy::Full => "the whole fee".to_owned(),
                RefundPolicy::None => "nothing back".to_owned(),
                RefundPolicy::Percent(p) => format!("{p}% of the fee"),
            },
            reason => reason,
            error,
        },
    ))
}

pub async fn cancel(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<CancelInput>,
) -> Result<Response, AppError> {
    let id = parse_appointment_id(&id)?;
    if input.confirmed != "yes" {
        return confirm_page(&state, &admin, id, &input.reason, StatusCode::OK, None).await;
    }
    let cancellation = StaffCancellation {
        reason: input.reason.clone(),
        refund: input.refund == "yes",
    };
    match state
        .desk
        .cancel_for_patient(&hand(&admin), id, &cancellation)
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/admin/appointments/{id}"),
            Flash::CancelledForPatient,
            state.settings.server.https,
        )),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            if refusal.status == StatusCode::UNPROCESSABLE_ENTITY {
                confirm_page(
                    &state,
                    &admin,
                    id,
                    &input.reason,
                    refusal.status,
                    refusal.message,
                )
                .await
            } else {
                appointment_page(&state, &admin.visitor, id, refusal.status, refusal.message).await
            }
        }
    }
}
