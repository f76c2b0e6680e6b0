//! The admin panel's first screen.

use crate::error::AppError;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
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
    let dead_jobs = state.jobs.dead().await.map_err(AppError::unexpected)?.len();
    render(
        &state,
        &admin.visitor,
        "admin/index.html",
        context! { patient_count => patients.total, dead_jobs },
    )
}
