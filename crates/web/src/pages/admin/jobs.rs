//! The outbox as staff see it: jobs that failed for good and jobs still
//! waiting, with "run again" for a dead one and "cancel" for either.

use crate::error::AppError;
use crate::forms::FormData;
use crate::pages::render;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::{Job, JobId};
use consulta_domain::ports::JobTrouble;
use consulta_domain::services::overview::PER_PAGE;
use minijinja::{context, Value};
use serde::Deserialize;

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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JobsQuery {
    /// `dead`: only jobs that failed for good.
    state: String,
    /// `deliveries`: only mail and meeting jobs dead or retrying.
    trouble: String,
    page: String,
}

/// The jobs one of the overview's counts stands for: the same predicate, paged.
async fn troubled(
    state: &AppState,
    admin: &AdminUser,
    trouble: JobTrouble,
    page: i64,
) -> Result<Html<String>, AppError> {
    let (jobs, total) = state
        .overview
        .troubled_jobs(trouble, page)
        .await
        .map_err(AppError::unexpected)?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let (title, param) = match trouble {
        JobTrouble::Dead => ("Failed for good", "state=dead"),
        JobTrouble::FailedDeliveries => ("Mails and meetings failing", "trouble=deliveries"),
    };
    render(
        state,
        &admin.visitor,
        "admin/jobs.html",
        context! {
            filtered => jobs.iter().map(job_value).collect::<Vec<_>>(),
            filter_title => title,
            param, total, page, pages,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(query): Query<JobsQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    match (query.state.as_str(), query.trouble.as_str()) {
        ("", "") => {}
        ("dead", "") => return troubled(&state, &admin, JobTrouble::Dead, page).await,
        ("", "deliveries") => {
            return troubled(&state, &admin, JobTrouble::FailedDeliveries, page).await
        }
        _ => {
            return Err(AppError::BadRequest(
                "Jobs can be listed by state=dead or trouble=deliveries.".into(),
            ))
        }
    }
    let dead = state.jobs.dead().await.map_err(AppError::unexpected)?;
    let pending = state.jobs.waiting().await.map_err(AppError::unexpected)?;
    let done = state.jobs.done().await.map_err(AppError::unexpected)?;
    render(
        &state,
        &admin.visitor,
        "admin/jobs.html",
        context! {
            dead => dead.iter().map(job_value).collect::<Vec<_>>(),
            pending => pending.iter().map(job_value).collect::<Vec<_>>(),
            done => done.iter().map(job_value).collect::<Vec<_>>(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JobActionInput {
    /// "yes" once staff confirmed (the page's script asks, or the confirm page).
    confirmed: String,
}

fn parse_job_id(text: &str) -> Result<JobId, AppError> {
    text.parse::<i64>()
        .map(JobId::new)
        .map_err(|_| AppError::NotFound)
}

/// POST: a dead job runs again now.
pub async fn retry(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_job_id(&id)?;
    state
        .jobs
        .retry(admin.id, id, Some(admin.visitor.client.0.clone()))
        .await?;
    Ok(Redirect::to("/admin/jobs").into_response())
}

/// POST: a job will not run. Without `confirmed=yes` it asks first, on a page
/// of its own, as every destructive action does.
pub async fn cancel(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<JobActionInput>,
) -> Result<Response, AppError> {
    let id = parse_job_id(&id)?;
    if input.confirmed != "yes" {
        let job = state.jobs.job(id).await?.ok_or(AppError::NotFound)?;
        return Ok(render(
            &state,
            &admin.visitor,
            "admin/job_cancel.html",
            context! { job => job_value(&job) },
        )?
        .into_response());
    }
    state
        .jobs
        .cancel(admin.id, id, Some(admin.visitor.client.0.clone()))
        .await?;
    Ok(Redirect::to("/admin/jobs").into_response())
}
