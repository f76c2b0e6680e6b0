//! A doctor's own pages: today's schedule and the upcoming one, their
//! patients' records, and what they do with their consultations.

mod actions;
mod day;
mod patient;

use crate::pages::route_table::{get, listing, post, router_of, RouteEntry};
use crate::state::AppState;
use axum::http::Method;
use axum::Router;

/// Every doctor route; the router is built from this table alone.
fn table() -> Vec<RouteEntry> {
    vec![
        get("/doctor", day::show),
        get("/doctor/patients/{id}", patient::show),
        post("/doctor/appointments/{id}/start", actions::start_meeting),
        post("/doctor/appointments/{id}/complete", actions::complete),
        post("/doctor/appointments/{id}/no-show", actions::no_show),
    ]
}

pub fn router() -> Router<AppState> {
    router_of(table())
}

/// The (path, method) of every doctor route.
pub fn routes() -> Vec<(&'static str, Method)> {
    listing(&table())
}
