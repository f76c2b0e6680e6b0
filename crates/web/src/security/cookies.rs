//! The two cookies Consulta sets: the session, and the anonymous visitor's CSRF token.

use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, SameSite};

pub const SESSION_COOKIE: &str = "consulta_session";
pub const CSRF_COOKIE: &str = "consulta_csrf";

pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

fn build(name: &'static str, value: String, secure: bool, remove: bool) -> HeaderValue {
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if remove {
        cookie.make_removal();
    }
    // Cookie values here are base64url, always a valid header.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

pub fn session_cookie(token: String, secure: bool) -> HeaderValue {
    build(SESSION_COOKIE, token, secure, false)
}

pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    build(SESSION_COOKIE, String::new(), secure, true)
}

pub fn csrf_cookie(token: String, secure: bool) -> HeaderValue {
    build(CSRF_COOKIE, token, secure, false)
}
