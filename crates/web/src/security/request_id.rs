//! A request id per request: in the tracing span, the response header and the 500 page.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Links mailed to a patient carry a live secret in their path; the log
/// gets the route, never the secret.
fn loggable_path(path: &str) -> &str {
    const SECRET_ROUTES: [(&str, &str); 2] = [
        ("/password/reset/", "/password/reset/{token}"),
        ("/verify-email/", "/verify-email/{token}"),
    ];
    for (prefix, route) in SECRET_ROUTES {
        if path.starts_with(prefix) && path != "/verify-email/resend" {
            return route;
        }
    }
    path
}

pub async fn assign_request_id(request: Request, next: Next) -> Response {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id = hex::encode(bytes);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
    );
    let started = std::time::Instant::now();
    let mut response = REQUEST_ID
        .scope(id.clone(), next.run(request).instrument(span.clone()))
        .await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "served"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn the_log_never_gets_the_secret_of_a_mailed_link() {
        assert_eq!(
            loggable_path("/password/reset/s3cr3t"),
            "/password/reset/{token}"
        );
        assert_eq!(
            loggable_path("/verify-email/s3cr3t"),
            "/verify-email/{token}"
        );
        assert_eq!(
            loggable_path("/verify-email/resend"),
            "/verify-email/resend"
        );
        assert_eq!(loggable_path("/password/forgot"), "/password/forgot");
        assert_eq!(loggable_path("/appointments/7"), "/appointments/7");
    }
}
