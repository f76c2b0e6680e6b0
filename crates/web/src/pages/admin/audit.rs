//! The audit log for admins: who did what to whom and when, filtered by
//! actor, patient, action and the clinic's days, newest first, paged in SQL.

use crate::error::AppError;
use crate::forms::errors_value;
use crate::pages::render_status;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::times::{long_date, time_with_place};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::ports::AuditRecord;
use consulta_domain::services::audit_trail::AuditFilter;
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AuditInput {
    actor: String,
    patient: String,
    action: String,
    from: String,
    to: String,
    page: String,
}

/// The admin page an entry's subject names, when there is one.
fn subject_link(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once(':')?;
    let id: i64 = id.parse().ok()?;
    match kind {
        "patient" => Some(format!("/admin/patients/{id}")),
        "appointment" => Some(format!("/admin/appointments/{id}")),
        "doctor" => Some(format!("/admin/doctors/{id}")),
        _ => None,
    }
}

fn record_value(record: &AuditRecord, zone: &jiff::tz::TimeZone) -> Value {
    let entry = &record.entry;
    context! {
        date => long_date(entry.at, zone),
        time => time_with_place(entry.at, zone),
        actor => entry.actor.map(|a| a.to_string()),
        actor_name => record.actor_name.clone(),
        action => entry.action.clone(),
        subject => entry.subject.clone(),
        subject_link => entry.subject.as_deref().and_then(subject_link),
        client => entry.client.clone(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(input): Query<AuditInput>,
) -> Result<Response, AppError> {
    let filter = AuditFilter {
        actor: input.actor.clone(),
        patient: input.patient.clone(),
        action: input.action.clone(),
        from: input.from.clone(),
        to: input.to.clone(),
        page: input.page.parse().unwrap_or(1),
    };
    let actions = state.audit_trail.actions().await?;
    let zone = state.lists.zone().clone();
    let (status, records, total, page, pages, errors, error) =
        match state.audit_trail.page(&filter).await {
            Ok(found) => (
                StatusCode::OK,
                found
                    .found
                    .records
                    .iter()
                    .map(|r| record_value(r, &zone))
                    .collect::<Vec<_>>(),
                found.found.total,
                found.page,
                found.pages,
                FieldErrors::new(),
                None,
            ),
            Err(error) => {
                let refusal = AppError::from(error).refusal()?;
                (
                    refusal.status,
                    Vec::new(),
                    0,
                    1,
                    1,
                    refusal.fields,
                    refusal.message,
                )
            }
        };
    let query = serde_urlencoded::to_string(AuditInput {
        page: String::new(),
        ..input
    })
    .unwrap_or_default();
    let form = context! {
        actor => filter.actor,
        patient => filter.patient,
        action => filter.action,
        from => filter.from,
        to => filter.to,
    };
    Ok(render_status(
        status,
        &state,
        &admin.visitor,
        "admin/audit.html",
        context! {
            records, total, page, pages, form, actions, query,
            errors => errors_value(&errors),
            error,
            zone => zone.iana_name().unwrap_or("UTC"),
        },
    ))
}
