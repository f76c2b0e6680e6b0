//! The routes, one module per page or action, and the helper that renders a page.

mod admin;
mod api_slots;
mod appointments;
mod assets;
mod book;
mod checkout;
mod dashboard;
mod doctor;
mod doctors;
mod health;
mod home;
mod invoices;
mod login;
mod password;
mod payments;
mod profile;
mod register;
mod route_table;
mod staff_profile;
mod verify_email;

use crate::error::AppError;
use crate::security::{NavVisitor, Visitor};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use minijinja::value::merge_maps;
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
        .route("/staff/profile", get(staff_profile::show))
        .route(
            "/staff/profile/password",
            post(staff_profile::change_password),
        )
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/static/{*path}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .route(
            "/appointments/{id}/pay",
            get(appointments::pay::show).post(appointments::pay::start),
        )
        .route(
            "/payments/simulated/{sim_ref}",
            get(checkout::simulated::show).post(checkout::simulated::submit),
        )
        .route(
            "/payments/return/{provider}",
            get(checkout::returns::back).post(checkout::returns::posted_back),
        )
        .merge(crate::webhooks::router())
        .route("/payments", get(payments::list))
        .route("/invoices/{number}", get(invoices::show))
        .merge(admin::router())
        .merge(doctor::router())
        .fallback(not_found)
}

/// Every admin and doctor route (path, method), as the routers serve them.
pub fn staff_routes() -> Vec<(&'static str, axum::http::Method)> {
    let mut routes = admin::routes();
    routes.extend(doctor::routes());
    routes
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// What the layout (base.html) shows on every page, error pages included: the
/// clinic, the navigation for this visitor, the logout form's CSRF token.
pub fn layout_context(state: &AppState, nav: &NavVisitor) -> Value {
    let clinic = &state.settings.clinic;
    context! {
        clinic => context! {
            name => clinic.name.clone(),
            address => clinic.address.clone(),
            // Empty means no number: templates then never say "call the clinic".
            phone => Some(clinic.phone.trim()).filter(|p| !p.is_empty()),
        },
        visitor => context! {
            signed_in => nav.signed_in,
            is_admin => nav.is_admin,
            is_patient => nav.is_patient,
            is_staff => nav.is_staff,
            is_doctor => nav.is_doctor,
        },
        csrf_token => nav.csrf_token.clone(),
    }
}

/// Renders `template` with what every page needs (clinic, visitor, CSRF token,
/// the status message an action left) plus `extra`.
pub fn render(
    state: &AppState,
    visitor: &Visitor,
    template: &str,
    extra: Value,
) -> Result<Html<String>, AppError> {
    // The page's own values first: they win over the layout's.
    let ctx = merge_maps([
        extra,
        context! {
            status_message => visitor.flash.map(|f| f.message()),
            here => visitor.here.clone(),
        },
        layout_context(state, &visitor.nav()),
    ]);
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
