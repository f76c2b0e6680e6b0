//! Static files (vendored Bootstrap, our CSS and JS), embedded in release builds.

use crate::error::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../static/"]
struct StaticFiles;

pub async fn serve(Path(path): Path<String>) -> Result<Response, AppError> {
    let file = StaticFiles::get(&path).ok_or(AppError::NotFound)?;
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    Ok((
        [(header::CONTENT_TYPE, mime.as_ref().to_owned())],
        file.data,
    )
        .into_response())
}

/// Browsers ask for /favicon.ico on every site, whatever the page links.
pub async fn favicon() -> Result<Response, AppError> {
    serve(Path("favicon.ico".to_owned())).await
}
