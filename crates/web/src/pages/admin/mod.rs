//! The admin panel.

mod appointment_list;
mod appointment_move;
mod appointment_status;
mod appointments;
mod audit;
mod clinic_payment;
mod doctor_days;
mod doctors;
mod jobs;
mod overview;
mod patient_account;
mod patient_booking;
mod patients;
mod payment_list;
mod refunds;
mod reports;
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
        post("/admin/doctors/{id}/time-off", doctor_days::add_time_off),
        post(
            "/admin/doctors/{id}/time-off/{entry}/delete",
            doctor_days::remove_time_off,
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
        post("/admin/patients/{id}", patient_account::edit),
        post(
            "/admin/patients/{id}/medical-history",
            patients::medical_history,
        ),
        post(
            "/admin/patients/{id}/deactivate",
            patient_account::deactivate,
        ),
        post(
            "/admin/patients/{id}/reactivate",
            patient_account::reactivate,
        ),
        get("/admin/audit", audit::list),
        get("/admin/payments", payment_list::list),
        get("/admin/reports", reports::index),
        get("/admin/reports/{report}", reports::show),
        post("/admin/doctors/{id}/overrides", doctor_days::add_override),
        post(
            "/admin/doctors/{id}/overrides/{entry}/delete",
            doctor_days::remove_override,
        ),
        get("/admin/patients/{id}/book", patient_booking::show),
        post("/admin/patients/{id}/book", patient_booking::book),
        get("/admin/appointments/{id}/move", appointment_move::show),
        post("/admin/appointments/{id}/move", appointment_move::move_it),
    ]
}

pub fn router() -> Router<AppState> {
    router_of(table())
}

/// The (path, method) of every admin route.
pub fn routes() -> Vec<(&'static str, Method)> {
    listing(&table())
}
