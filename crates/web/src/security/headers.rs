//! Security headers on every response, and no caching of anything but static files.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Marks the one page that opens Razorpay Checkout: its policy also lets
/// in Razorpay's script, frames and calls, and lets the hosted-checkout
/// fallback form post to `form_action` (an origin). Every other page keeps
/// the strict policy.
#[derive(Debug, Clone)]
pub struct RazorpayCheckoutPage {
    pub form_action: String,
}

const RAZORPAY: &str = "https://checkout.razorpay.com";

fn razorpay_csp(page: &RazorpayCheckoutPage) -> Option<HeaderValue> {
    // An origin is scheme://host[:port]: anything else would widen the policy.
    let origin = &page.form_action;
    let plain = origin
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-.:/_".contains(&b));
    if !plain || !(origin.starts_with("https://") || origin.starts_with("http://")) {
        return None;
    }
    HeaderValue::from_str(&format!(
        "default-src 'self'; script-src 'self' {RAZORPAY}; style-src 'self'; img-src 'self' data: https:; \
connect-src 'self' {RAZORPAY} https://api.razorpay.com; frame-src {RAZORPAY} https://api.razorpay.com; \
form-action 'self' {origin}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ))
    .ok()
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let csp = response
        .extensions()
        .get::<RazorpayCheckoutPage>()
        .and_then(razorpay_csp)
        .unwrap_or(HeaderValue::from_static(CSP));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_static {
            "public, max-age=86400"
        } else {
            // Pages carry personal and medical data: never stored by a browser or proxy.
            "no-store"
        }),
    );
    response
}
