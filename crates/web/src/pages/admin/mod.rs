//! The admin panel.

mod overview;
mod patients;

use crate::state::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(overview::show))
        .route("/admin/patients", get(patients::list))
        .route("/admin/patients/{id}", get(patients::show))
}
