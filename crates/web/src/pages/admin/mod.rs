//! The admin panel.

mod appointment_list;
mod appointment_move;
mod appointments;
mod doctor_days;
mod doctors;
mod jobs;
mod overview;
mod patient_booking;
mod patients;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(overview::show))
        .route("/admin/patients", get(patients::list))
        .route("/admin/patients/{id}", get(patients::show))
        .route(
            "/admin/patients/{id}/book",
            get(patient_booking::show).post(patient_booking::book),
        )
        .route("/admin/jobs", get(jobs::list))
        .route("/admin/jobs/{id}/retry", post(jobs::retry))
        .route("/admin/jobs/{id}/cancel", post(jobs::cancel))
        .route("/admin/appointments", get(appointment_list::list))
        .route("/admin/appointments.csv", get(appointment_list::csv))
        .route("/admin/appointments/{id}", get(appointments::show))
        .route(
            "/admin/appointments/{id}/move",
            get(appointment_move::show).post(appointment_move::move_it),
        )
        .route(
            "/admin/appointments/{id}/start",
            post(appointments::start_meeting),
        )
        .route("/admin/doctors", get(doctors::list).post(doctors::create))
        .route("/admin/doctors/new", get(doctors::new_form))
        .route(
            "/admin/doctors/{id}",
            get(doctors::edit).post(doctors::update),
        )
        .route("/admin/doctors/{id}/hours", post(doctors::set_hours))
        .route(
            "/admin/doctors/{id}/time-off",
            post(doctor_days::add_time_off),
        )
        .route(
            "/admin/doctors/{id}/time-off/{entry}/delete",
            post(doctor_days::remove_time_off),
        )
        .route(
            "/admin/doctors/{id}/overrides",
            post(doctor_days::add_override),
        )
        .route(
            "/admin/doctors/{id}/overrides/{entry}/delete",
            post(doctor_days::remove_override),
        )
}
