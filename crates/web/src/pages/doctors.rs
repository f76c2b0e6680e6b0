//! The list of doctors patients can book.

use super::render;
use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use crate::views::doctors::active_doctor_cards;
use axum::extract::State;
use axum::response::Html;
use minijinja::context;

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, AppError> {
    let doctors = active_doctor_cards(&state).await?;
    render(&state, &visitor, "doctors.html", context! { doctors })
}
