//! The admin panel.

mod appointment_list;
mod appointment_status;
mod appointments;
mod clinic_payment;
mod doctors;
mod jobs;
mod overview;
mod patients;
mod refunds;
mod staff;

use crate::pages::route_table::{get, listing, post, router_of, RouteEntry};
use crate::state::AppState;
use axum::http::Method;
use axum::Router;

/// Every admin route; the router is built from this table alone.
fn table() -> Vec<RouteEntry> {
    vec![
        get("/admin", overview::show),
        get("/admin/patients", patients::list),
        get("/admin/patients/{id}", patients::show),
        get("/admin/jobs", jobs::list),
        post("/admin/jobs/{id}/retry", jobs::retry),
        post("/admin/jobs/{id}/cancel", jobs::cancel),
        get("/admin/appointments", appointment_list::list),
        get("/admin/appointments.csv", appointment_list::csv),
        get("/admin/appointments/{id}", appointments::show),
        post(
            "/admin/appointments/{id}/start",
            appointments::start_meeting,
        ),
        post(
            "/admin/appointments/{id}/clinic-payment",
            clinic_payment::record,
        ),
        post("/admin/appointments/{id}/refund", refunds::refund),
        get("/admin/doctors", doctors::list),
        post("/admin/doctors", doctors::create),
        get("/admin/doctors/new", doctors::new_form),
        get("/admin/doctors/{id}", doctors::edit),
        post("/admin/doctors/{id}", doctors::update),
        post("/admin/doctors/{id}/hours", doctors::set_hours),
        post("/admin/doctors/{id}/time-off", doctors::add_time_off),
        post(
            "/admin/doctors/{id}/time-off/{entry}/delete",
            doctors::remove_time_off,
        ),
        post(
            "/admin/appointments/{id}/complete",
            appointment_status::complete,
        ),
        post(
            "/admin/appointments/{id}/no-show",
            appointment_status::no_show,
        ),
        post(
            "/admin/appointments/{id}/cancel",
            appointment_status::cancel,
        ),
        get("/admin/staff", staff::list),
        post("/admin/staff", staff::create),
        get("/admin/staff/new", staff::new_form),
        post("/admin/staff/{id}/password", staff::reset_password),
        post("/admin/staff/{id}/deactivate", staff::deactivate),
        post("/admin/staff/{id}/reactivate", staff::reactivate),
    ]
}

pub fn router() -> Router<AppState> {
    router_of(table())
}

/// The (path, method) of every admin route.
pub fn routes() -> Vec<(&'static str, Method)> {
    listing(&table())
}
