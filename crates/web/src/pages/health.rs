//! Liveness and readiness probes.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// The process answers.
pub async fn live() -> &'static str {
    "ok"
}

/// The database answers.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.database.ready().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
