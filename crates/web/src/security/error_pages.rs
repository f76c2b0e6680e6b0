//! Turns error responses (marked with `ErrorPage`) into the site's error page,
//! with the request id so a patient can quote it and staff can find it in the log.

use super::request_id::current_request_id;
use super::visitor::NavVisitor;
use crate::error::ErrorPage;
use crate::pages::layout_context;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use minijinja::context;

pub async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    let request_id = current_request_id().unwrap_or_default();
    // A failure before the visitor was known gets the anonymous navigation.
    let nav = response
        .extensions()
        .get::<NavVisitor>()
        .cloned()
        .unwrap_or(NavVisitor {
            signed_in: false,
            is_admin: false,
            is_patient: false,
            is_staff: false,
            is_doctor: false,
            csrf_token: String::new(),
        });
    let html = state.templates.render(
        "error.html",
        context! {
            status => status.as_u16(),
            title => page.title,
            message => page.message,
            request_id => request_id,
            ..layout_context(&state, &nav)
        },
    );
    let (mut parts, _) = response.into_parts();
    let body = match html {
        Ok(html) => {
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            html
        }
        Err(error) => {
            tracing::error!(%error, "the error page itself failed to render");
            format!("{} (request id {request_id})", page.title)
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    (parts, body).into_response()
}
