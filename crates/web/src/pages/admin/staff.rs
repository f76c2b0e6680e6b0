//! Admins manage staff accounts at /admin/staff: the list, a new account
//! (admin, or doctor linked to a doctor profile), a one-time password, and
//! deactivating (asked first) or reactivating an account.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::pages::{render, render_status};
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::support::random_token;
use crate::views::times;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use consulta_domain::model::StaffId;
use consulta_domain::ports::StaffListing;
use consulta_domain::services::staff_accounts::{
    StaffActor, StaffAdminError, StaffForm, STAFF_PER_PAGE,
};
use consulta_domain::validation::FieldErrors;
use jiff::tz::TimeZone;
use minijinja::{context, Value};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    page: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StaffInput {
    name: String,
    email: String,
    role: String,
    doctor_id: String,
    password: String,
}

impl StaffInput {
    fn form(&self) -> StaffForm {
        StaffForm {
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role.clone(),
            doctor_id: self.doctor_id.clone(),
            password: self.password.clone(),
        }
    }

    /// What was typed, for the form sent back; never the password.
    fn value(&self) -> Value {
        context! {
            name => self.name.clone(), email => self.email.clone(),
            role => self.role.clone(), doctor_id => self.doctor_id.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmInput {
    confirmed: String,
}

fn actor(admin: &AdminUser) -> StaffActor {
    StaffActor {
        staff: Some(admin.id),
        client: Some(admin.visitor.client.0.clone()),
    }
}

/// A one-time password: 16 random URL-safe characters.
fn one_time_password() -> String {
    random_token().chars().take(16).collect()
}

fn parse_staff_id(text: &str) -> Result<StaffId, AppError> {
    text.parse::<i64>()
        .map(StaffId::new)
        .map_err(|_| AppError::NotFound)
}

/// One account as the pages show it; times in the clinic's zone.
fn row_value(row: &StaffListing, me: StaffId, zone: &TimeZone) -> Value {
    context! {
        id => row.id.get(),
        name => row.name.clone(),
        email => row.email.clone(),
        role => row.role.as_str(),
        doctor_id => row.doctor.map(|d| d.get()),
        doctor_name => row.doctor_name.clone(),
        must_change_password => row.must_change_password,
        deactivated => row.deactivated_at.map(|at| times::long_date(at, zone) + ", " + &times::time_with_place(at, zone)),
        is_me => row.id == me,
    }
}

pub async fn list(
    State(state): State<AppState>,
    admin: AdminUser,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let found = state.staff.page(page).await?;
    let pages = ((found.total + STAFF_PER_PAGE - 1) / STAFF_PER_PAGE).max(1);
    let rows: Vec<Value> = found
        .rows
        .iter()
        .map(|r| row_value(r, admin.id, state.lists.zone()))
        .collect();
    render(
        &state,
        &admin.visitor,
        "admin/staff.html",
        context! { rows, total => found.total, page => page.min(pages), pages },
    )
}

async fn form_page(
    state: &AppState,
    admin: &AdminUser,
    status: StatusCode,
    values: Value,
    typed_doctor: &str,
    errors: &FieldErrors,
    error: Option<&str>,
) -> Result<Response, AppError> {
    let all = state.doctors.all().await?;
    let doctors: Vec<Value> = all
        .iter()
        .map(|d| context! { id => d.id.get().to_string(), name => d.profile.name.as_str() })
        .collect();
    // A doctor id typed that names no doctor stays selected, to be corrected.
    let typed_doctor = typed_doctor.trim();
    let unknown_doctor = (!typed_doctor.is_empty()
        && !all.iter().any(|d| d.id.get().to_string() == typed_doctor))
    .then_some(typed_doctor);
    Ok(render_status(
        status,
        state,
        &admin.visitor,
        "admin/staff_new.html",
        context! { values, errors => errors_value(errors), error, doctors, unknown_doctor },
    ))
}

pub async fn new_form(
    State(state): State<AppState>,
    admin: AdminUser,
) -> Result<Response, AppError> {
    form_page(
        &state,
        &admin,
        StatusCode::OK,
        context! { role => "doctor" },
        "",
        &FieldErrors::new(),
        None,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    admin: AdminUser,
    FormData(input): FormData<StaffInput>,
) -> Result<Response, AppError> {
    match state
        .staff
        .create(&actor(&admin), &input.form(), &one_time_password())
        .await
    {
        Ok(created) => match created.one_time_password {
            Some(password) => {
                let member = state.staff.get(created.id).await?;
                Ok(render(
                    &state,
                    &admin.visitor,
                    "admin/staff_password.html",
                    context! { member => row_value(&member, admin.id, state.lists.zone()), password, created => true },
                )?
                .into_response())
            }
            None => Ok(Redirect::to("/admin/staff").into_response()),
        },
        Err(StaffAdminError::Invalid(errors)) => {
            form_page(
                &state,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                input.value(),
                &input.doctor_id,
                &errors,
                Some("The account was not saved. Please correct the fields marked below."),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// POST: a new one-time password, shown once; the account's sessions end.
pub async fn reset_password(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_staff_id(&id)?;
    let password = one_time_password();
    state
        .staff
        .reset_password(&actor(&admin), id, &password)
        .await?;
    let member = state.staff.get(id).await?;
    Ok(render(
        &state,
        &admin.visitor,
        "admin/staff_password.html",
        context! { member => row_value(&member, admin.id, state.lists.zone()), password, created => false },
    )?
    .into_response())
}

/// POST: without `confirmed=yes` it asks first.
pub async fn deactivate(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<ConfirmInput>,
) -> Result<Response, AppError> {
    let id = parse_staff_id(&id)?;
    if input.confirmed != "yes" {
        let member = state.staff.get(id).await?;
        return Ok(render(
            &state,
            &admin.visitor,
            "admin/staff_deactivate.html",
            context! { member => row_value(&member, admin.id, state.lists.zone()) },
        )?
        .into_response());
    }
    state.staff.deactivate(&actor(&admin), id).await?;
    Ok(redirect_with_flash(
        "/admin/staff",
        Flash::StaffDeactivated,
        state.settings.server.https,
    ))
}

pub async fn reactivate(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_staff_id(&id)?;
    state.staff.reactivate(&actor(&admin), id).await?;
    Ok(redirect_with_flash(
        "/admin/staff",
        Flash::StaffReactivated,
        state.settings.server.https,
    ))
}
