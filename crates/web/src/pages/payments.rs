//! GET /payments: the patient's own payments, newest first, a page at a
//! time (sorted and cut in the store), with their invoices.

use super::render;
use crate::error::AppError;
use crate::security::PatientUser;
use crate::state::AppState;
use crate::views::patient_zone::patient_zone;
use crate::views::payments::{clinic_zone, moment, state_label};
use axum::extract::{Query, State};
use axum::response::Html;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HistoryQuery {
    page: String,
}

pub async fn list(
    State(state): State<AppState>,
    user: PatientUser,
    Query(query): Query<HistoryQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page.trim().parse().unwrap_or(1);
    let history = state.payments.history(user.id, page).await?;
    let zone = patient_zone(&state, &user.visitor)
        .await?
        .unwrap_or_else(|| clinic_zone(&state));
    let rows: Vec<Value> = history
        .rows
        .iter()
        .map(|r| {
            let p = &r.payment;
            context! {
                id => p.id.get(),
                date => moment(r.paid_at.unwrap_or(r.created_at), &zone),
                state => p.state.as_str(),
                state_label => state_label(p.state),
                amount => p.amount.display(),
                refunded => (p.refunded_minor() > 0).then(|| consulta_domain::model::Money::new(p.refunded_minor(), p.amount.currency()).display()),
                provider => p.provider.label(),
                appointment_id => p.appointment.get(),
                doctor_name => r.doctor_name.clone(),
                consultation => moment(r.starts_at, &zone),
                invoice => r.invoice.map(|n| n.to_string()),
            }
        })
        .collect();
    render(
        &state,
        &user.visitor,
        "payments.html",
        context! {
            rows,
            total => history.total,
            page => history.page,
            pages => history.pages,
        },
    )
}
