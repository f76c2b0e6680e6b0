//! The admin reports at /admin/reports: a range of the clinic's days, then
//! each report as a chart above its table, and the same table as a CSV at
//! /admin/reports/{report}.csv with the same `from` and `to`.

use crate::error::AppError;
use crate::pages::render_status;
use crate::security::AdminUser;
use crate::state::AppState;
use crate::views::csv::{csv_download, csv_text};
use crate::views::report_tables::{self, ReportTable};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use consulta_domain::services::reports::{ReportError, ReportRange};
use consulta_domain::validation::FieldErrors;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

/// The range as typed: kept on the page whatever it holds.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct RangeInput {
    from: String,
    to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    AppointmentsPerDay,
    AppointmentsPerDoctor,
    Revenue,
    Cancellations,
    Utilisation,
}

const REPORTS: [Report; 5] = [
    Report::AppointmentsPerDay,
    Report::AppointmentsPerDoctor,
    Report::Revenue,
    Report::Cancellations,
    Report::Utilisation,
];

impl Report {
    fn slug(self) -> &'static str {
        match self {
            Report::AppointmentsPerDay => "appointments-per-day",
            Report::AppointmentsPerDoctor => "appointments-per-doctor",
            Report::Revenue => "revenue",
            Report::Cancellations => "cancellations",
            Report::Utilisation => "utilisation",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Report::AppointmentsPerDay => "Appointments per day",
            Report::AppointmentsPerDoctor => "Appointments per doctor",
            Report::Revenue => "Revenue",
            Report::Cancellations => "Cancellations and no-shows",
            Report::Utilisation => "Utilisation",
        }
    }

    /// What the figures count, in a sentence under the title.
    fn about(self) -> &'static str {
        match self {
            Report::AppointmentsPerDay => "Confirmed, completed and no-show appointments starting on each of the clinic's days (cancelled and unpaid holds are left out).",
            Report::AppointmentsPerDoctor => "Confirmed, completed and no-show appointments starting in the range, per doctor.",
            Report::Revenue => "Payments counted in the month they were paid, refunds subtracted in the month they were made, per provider and currency.",
            Report::Cancellations => "Of the bookings starting in the range, the share cancelled; of the appointments that were due (completed or no-show), the share the patient missed.",
            Report::Utilisation => "Booked slot time (confirmed, completed, no-show) against the slot time each doctor's weekly hours offered, less time off, on the range's days in the doctor's own zone.",
        }
    }

    fn from_slug(slug: &str) -> Option<Self> {
        REPORTS.into_iter().find(|r| r.slug() == slug)
    }
}

fn report_links() -> Vec<Value> {
    REPORTS
        .iter()
        .map(|r| context! { slug => r.slug(), title => r.title(), about => r.about() })
        .collect()
}

async fn table(
    state: &AppState,
    report: Report,
    range: &ReportRange,
) -> Result<ReportTable, AppError> {
    let reports = &state.reports;
    Ok(match report {
        Report::AppointmentsPerDay => {
            report_tables::appointments_per_day(&reports.appointments_per_day(range).await?)
        }
        Report::AppointmentsPerDoctor => {
            report_tables::appointments_per_doctor(&reports.appointments_per_doctor(range).await?)
        }
        Report::Revenue => report_tables::revenue(&reports.revenue(range).await?),
        Report::Cancellations => report_tables::cancellations(&reports.cancellations(range).await?),
        Report::Utilisation => report_tables::utilisation(&reports.utilisation(range).await?),
    })
}

fn typed(range: &ReportRange) -> RangeInput {
    RangeInput {
        from: range.first().to_string(),
        to: range.last().to_string(),
    }
}

fn zone_name(state: &AppState) -> String {
    state.reports.zone().iana_name().unwrap_or("UTC").to_owned()
}

/// GET /admin/reports: the range and the list of reports.
pub async fn index(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(input): Query<RangeInput>,
) -> Result<Response, AppError> {
    let (status, form, errors) = match state.reports.range(&input.from, &input.to) {
        Ok(range) => (
            StatusCode::OK,
            typed(&range),
            crate::forms::errors_value(&FieldErrors::new()),
        ),
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            (
                refusal.status,
                input,
                crate::forms::errors_value(&refusal.fields),
            )
        }
    };
    let query = serde_urlencoded::to_string(&form).unwrap_or_default();
    Ok(render_status(
        status,
        &state,
        &admin.visitor,
        "admin/reports.html",
        context! {
            form, errors, query, reports => report_links(), zone => zone_name(&state),
            action => "/admin/reports",
        },
    ))
}

/// GET /admin/reports/{report} (the page) and /admin/reports/{report}.csv.
pub async fn show(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(file): Path<String>,
    Query(input): Query<RangeInput>,
) -> Result<Response, AppError> {
    let (slug, as_csv) = match file.strip_suffix(".csv") {
        Some(slug) => (slug, true),
        None => (file.as_str(), false),
    };
    let report = Report::from_slug(slug).ok_or(AppError::NotFound)?;
    let range = state.reports.range(&input.from, &input.to);
    if as_csv {
        let range = range.map_err(csv_refusal)?;
        let table = table(&state, report, &range).await?;
        let text = csv_text(&table.header, &table.rows).map_err(AppError::unexpected)?;
        let name = format!("{slug}-{}-{}.csv", range.first(), range.last());
        return Ok(csv_download(&name, text).into_response());
    }
    let common = context! {
        report => context! { slug, title => report.title(), about => report.about() },
        reports => report_links(),
        zone => zone_name(&state),
        action => format!("/admin/reports/{slug}"),
    };
    let (status, body) = match range {
        Ok(range) => {
            let table = table(&state, report, &range).await?;
            let form = typed(&range);
            let query = serde_urlencoded::to_string(&form).unwrap_or_default();
            (
                StatusCode::OK,
                context! {
                    form,
                    errors => crate::forms::errors_value(&FieldErrors::new()),
                    csv_url => format!("/admin/reports/{slug}.csv?{query}"),
                    query,
                    header => table.header,
                    rows => table.rows,
                    chart => table.chart.to_value(),
                    ..common
                },
            )
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            (
                refusal.status,
                context! {
                    form => input,
                    errors => crate::forms::errors_value(&refusal.fields),
                    message => refusal.message,
                    ..common
                },
            )
        }
    };
    Ok(render_status(
        status,
        &state,
        &admin.visitor,
        "admin/report.html",
        body,
    ))
}

/// A download's range that is not valid: the messages as a 4xx page.
fn csv_refusal(error: ReportError) -> AppError {
    match error {
        ReportError::Invalid(fields) => AppError::BadRequest(
            fields
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        other => AppError::from(other),
    }
}
