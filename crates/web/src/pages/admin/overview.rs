//! The admin panel's first screen: "is anything wrong today?" at a glance,
//! each count linking to the list of exactly what it counts.

use crate::error::AppError;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times::day_label;
use axum::extract::State;
use axum::response::Html;
use minijinja::context;

pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
) -> Result<Html<String>, AppError> {
    let patients = state
        .accounts
        .search_patients("", 1, 1)
        .await
        .map_err(AppError::unexpected)?;
    let overview = state.overview.today().await.map_err(AppError::unexpected)?;
    let counts = overview.counts;
    let today = overview.today.to_string();
    render(
        &state,
        &admin.visitor,
        "admin/index.html",
        context! {
            patient_count => patients.total,
            today_label => day_label(overview.today),
            all_well => counts.all_well(),
            counts => context! {
                today => counts.today,
                holds => counts.holds,
                payments => counts.payments_attention,
                deliveries => counts.failed_deliveries,
                dead => counts.dead_jobs,
            },
            links => context! {
                today => format!("/admin/appointments?from={today}&to={today}"),
                holds => "/admin/appointments?status=pending_payment",
                payments => "/admin/payments?attention=1",
                deliveries => "/admin/jobs?trouble=deliveries",
                dead => "/admin/jobs?state=dead",
            },
        },
    )
}
