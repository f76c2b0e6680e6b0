//! The home page.

use super::{book_url, render};
use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use minijinja::context;

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, AppError> {
    render(
        &state,
        &visitor,
        "home.html",
        context! { book_url => book_url(&visitor) },
    )
}
