//! The routes, one module per page or action, and the helper that renders a page.

mod admin;
mod api_slots;
mod appointments;
mod assets;
mod book;
mod dashboard;
mod doctors;
mod health;
mod home;
mod login;
mod password;
mod profile;
mod register;
mod verify_email;

use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use minijinja::{context, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/register", get(register::form).post(register::submit))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/dashboard", get(dashboard::show))
        .route("/doctors", get(doctors::list))
        .route("/book", get(book::show))
        .route("/api/doctors/{id}/slots", get(api_slots::slots))
        .route("/appointments", post(appointments::book::book))
        .route("/appointments/{id}", get(appointments::show::show))
        .route(
            "/appointments/{id}/cancel",
            post(appointments::cancel::cancel),
        )
        .route(
            "/appointments/{id}/reschedule",
            post(appointments::reschedule::reschedule),
        )
        .route(
            "/password/forgot",
            get(password::forgot_form).post(password::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(password::reset_form).post(password::reset_submit),
        )
        .route("/verify-email/resend", post(verify_email::resend))
        .route(
            "/verify-email/{token}",
            get(verify_email::show).post(verify_email::confirm),
        )
        .route("/profile", get(profile::show).post(profile::update))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/email", post(profile::change_email))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/static/{*path}", get(assets::serve))
        .merge(admin::router())
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Renders `template` with what every page needs (clinic, visitor, CSRF token) plus `extra`.
pub fn render(
    state: &AppState,
    visitor: &Visitor,
    template: &str,
    extra: Value,
) -> Result<Html<String>, AppError> {
    let clinic = &state.settings.clinic;
    let ctx = context! {
        clinic => context! { name => clinic.name.clone(), address => clinic.address.clone() },
        visitor => context! {
            signed_in => visitor.session.is_some(),
            is_admin => visitor.is_admin(),
            is_patient => visitor.is_patient(),
        },
        csrf_token => visitor.csrf_token.clone(),
        ..extra
    };
    state
        .templates
        .render(template, ctx)
        .map(Html)
        .map_err(AppError::unexpected)
}

/// A page with a status other than 200, e.g. a form sent back with its errors.
pub fn render_status(
    status: StatusCode,
    state: &AppState,
    visitor: &Visitor,
    template: &str,
    extra: Value,
) -> Response {
    match render(state, visitor, template, extra) {
        Ok(html) => (status, html).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Where "Book a consultation" leads: the doctors, then a day and a time.
const BOOK_URL: &str = "/doctors";
