//! CSRF: every state-changing request carries the visitor's token in its form
//! (`csrf_token`) or an `x-csrf-token` header, except the routes listed here.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::Method;
use subtle::ConstantTimeEq;

/// Routes verified another way: webhooks by the provider's signature, provider
/// returns by asking the provider. Nothing else is exempt.
pub const CSRF_EXEMPT_PREFIXES: &[&str] = &["/webhooks/", "/payments/return/"];

const MAX_FORM_BYTES: usize = 256 * 1024;

pub fn needs_check(request: &Request) -> bool {
    let path = request.uri().path();
    !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && !CSRF_EXEMPT_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Reads the body to find the token, then puts the body back for the handler.
/// `None` (reject) when the token is absent, wrong, or the body is too large.
pub async fn check(request: Request, expected: &str) -> Result<Request, ()> {
    let header_token = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| ())?;
    let form_token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v)
        });
    let given = form_token.or(header_token).ok_or(())?;
    if expected.is_empty() || !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn post(path: &str) -> Request {
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn only_webhooks_and_provider_returns_go_without_a_token() {
        assert_eq!(CSRF_EXEMPT_PREFIXES, ["/webhooks/", "/payments/return/"]);
        for exempt in ["/webhooks/stripe", "/payments/return/razorpay"] {
            assert!(!needs_check(&post(exempt)), "{exempt}");
        }
        for checked in [
            "/appointments/1/pay",
            "/payments/simulated/sim_1",
            "/payments/returnx",
            "/webhooks",
            "/logout",
        ] {
            assert!(needs_check(&post(checked)), "{checked}");
        }
    }
}
