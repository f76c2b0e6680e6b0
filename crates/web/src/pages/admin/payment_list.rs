//! Staff's list of payments, newest first and paged in SQL; with
//! `attention=1` only those needing an admin (flagged, or pending longer than
//! `payments.reconcile_after_minutes`), as the overview counts them.

use crate::error::AppError;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times::{long_date, time_with_place};
use axum::extract::{Query, State};
use axum::response::Html;
use consulta_domain::services::overview::PER_PAGE;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PaymentsQuery {
    attention: String,
    page: String,
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(query): Query<PaymentsQuery>,
) -> Result<Html<String>, AppError> {
    let attention = match query.attention.as_str() {
        "" | "0" => false,
        "1" => true,
        _ => {
            return Err(AppError::BadRequest(
                "The payments list takes attention=1, or nothing.".into(),
            ))
        }
    };
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let (payments, total) = state
        .overview
        .payments(attention, page)
        .await
        .map_err(AppError::unexpected)?;
    let zone = state.lists.zone().clone();
    let rows: Vec<_> = payments
        .iter()
        .map(|p| {
            context! {
                id => p.payment.id.get(),
                appointment => p.payment.appointment.get(),
                patient => p.patient.get(),
                doctor_name => p.doctor_name.clone(),
                amount => p.payment.amount.display(),
                provider => p.payment.provider.label(),
                state => p.payment.state.as_str(),
                flagged => p.flagged.clone(),
                changed => long_date(p.updated_at, &zone) + ", " + &time_with_place(p.updated_at, &zone),
            }
        })
        .collect();
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    render(
        &state,
        &admin.visitor,
        "admin/payments.html",
        context! {
            rows, total, page, pages, attention,
            minutes => state.settings.payments.reconcile_after_minutes,
        },
    )
}
