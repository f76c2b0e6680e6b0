//! The cookies Consulta sets: the session, the anonymous visitor's CSRF token,
//! the one-time status message; and the one the page's script sets, the browser's
//! time zone.

use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, SameSite};

pub const SESSION_COOKIE: &str = "consulta_session";
pub const CSRF_COOKIE: &str = "consulta_csrf";
pub const FLASH_COOKIE: &str = "consulta_flash";
/// Set by static/js/app.js from `Intl`: the browser's IANA zone, for visitors
/// the site knows nothing else about.
pub const ZONE_COOKIE: &str = "consulta_tz";

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

pub fn flash_cookie(code: &'static str, secure: bool) -> HeaderValue {
    build(FLASH_COOKIE, code.to_owned(), secure, false)
}

pub fn clear_flash_cookie(secure: bool) -> HeaderValue {
    build(FLASH_COOKIE, String::new(), secure, true)
}
