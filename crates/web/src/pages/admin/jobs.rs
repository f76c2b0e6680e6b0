//! The outbox as staff see it: jobs that failed for good, and jobs still waiting.

use crate::error::AppError;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times;
use axum::extract::State;
use axum::response::Html;
use consulta_domain::model::Job;
use minijinja::{context, Value};

fn job_value(job: &Job) -> Value {
    let utc = jiff::tz::TimeZone::UTC;
    context! {
        id => job.id.get(),
        kind => job.kind.as_str(),
        label => job.kind.label(),
        state => job.shown_state(),
        appointment => job.appointment.map(|a| a.get()),
        attempts => job.attempts,
        run_at => times::long_date(job.run_at, &utc) + ", " + &times::time_with_place(job.run_at, &utc),
        last_error => job.last_error.clone(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
) -> Result<Html<String>, AppError> {
    let dead = state.jobs.dead().await.map_err(AppError::unexpected)?;
    let pending = state.jobs.waiting().await.map_err(AppError::unexpected)?;
    render(
        &state,
        &admin.visitor,
        "admin/jobs.html",
        context! {
            dead => dead.iter().map(job_value).collect::<Vec<_>>(),
            pending => pending.iter().map(job_value).collect::<Vec<_>>(),
        },
    )
}
