//! The admin panel.

mod appointment_list;
mod appointments;
mod doctors;
mod jobs;
mod overview;
mod patients;
mod refunds;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(overview::show))
        .route("/admin/patients", get(patients::list))
        .route("/admin/patients/{id}", get(patients::show))
        .route("/admin/jobs", get(jobs::list))
        .route("/admin/jobs/{id}/retry", post(jobs::retry))
        .route("/admin/jobs/{id}/cancel", post(jobs::cancel))
        .route("/admin/appointments", get(appointment_list::list))
        .route("/admin/appointments.csv", get(appointment_list::csv))
        .route("/admin/appointments/{id}", get(appointments::show))
        .route(
            "/admin/appointments/{id}/start",
            post(appointments::start_meeting),
        )
        .route("/admin/appointments/{id}/refund", post(refunds::refund))
        .route("/admin/doctors", get(doctors::list).post(doctors::create))
        .route("/admin/doctors/new", get(doctors::new_form))
        .route(
            "/admin/doctors/{id}",
            get(doctors::edit).post(doctors::update),
        )
        .route("/admin/doctors/{id}/hours", post(doctors::set_hours))
        .route("/admin/doctors/{id}/time-off", post(doctors::add_time_off))
        .route(
            "/admin/doctors/{id}/time-off/{entry}/delete",
            post(doctors::remove_time_off),
        )
}
