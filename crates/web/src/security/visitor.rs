//! Who is asking: the live session (if any), the CSRF token their forms carry,
//! and their address. Resolved once per request by `resolve_visitor`.

use super::client_addr::ClientAddr;
use super::cookies::{
    clear_flash_cookie, clear_session_cookie, csrf_cookie, read_cookie, CSRF_COOKIE, FLASH_COOKIE,
    SESSION_COOKIE, ZONE_COOKIE,
};
use super::csrf;
use super::flash::Flash;
use crate::error::{AppError, ErrorPage};
use crate::state::AppState;
use crate::support::{random_token, sha256_hex};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::{AccountRef, DoctorId, PatientId, Role, StaffId, TimeZoneName};
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct LiveSession {
    pub account: AccountRef,
    pub token_hash: String,
    pub role: Option<Role>,
    /// On a one-time password: every page but choosing a new one is closed.
    pub must_change_password: bool,
    /// The doctor profile a doctor's account is linked to.
    pub doctor: Option<DoctorId>,
    csrf_token: String,
}

#[derive(Debug, Clone)]
pub struct Visitor {
    pub session: Option<LiveSession>,
    pub csrf_token: String,
    pub client: ClientAddr,
    /// The path and query asked for, to come back to after logging in.
    pub here: String,
    /// The browser's own zone, as the page's script reported it (a cookie).
    pub browser_zone: Option<TimeZoneName>,
    /// The status message the previous action left for this page.
    pub flash: Option<Flash>,
}

/// What the navigation needs to know of the visitor; kept on error responses
/// too, so the error page shows the same navigation as every other page.
#[derive(Debug, Clone)]
pub struct NavVisitor {
    pub signed_in: bool,
    pub is_admin: bool,
    pub is_patient: bool,
    pub is_staff: bool,
    pub is_doctor: bool,
    pub csrf_token: String,
}

impl Visitor {
    pub fn is_admin(&self) -> bool {
        matches!(&self.session, Some(s) if s.role == Some(Role::Admin))
    }

    pub fn is_patient(&self) -> bool {
        matches!(&self.session, Some(s) if matches!(s.account, AccountRef::Patient(_)))
    }

    pub fn is_doctor(&self) -> bool {
        matches!(&self.session, Some(s) if s.role == Some(Role::Doctor))
    }

    pub fn is_staff(&self) -> bool {
        matches!(&self.session, Some(s) if matches!(s.account, AccountRef::Staff(_)))
    }

    pub fn nav(&self) -> NavVisitor {
        NavVisitor {
            signed_in: self.session.is_some(),
            is_admin: self.is_admin(),
            is_patient: self.is_patient(),
            is_staff: self.is_staff(),
            is_doctor: self.is_doctor(),
            csrf_token: self.csrf_token.clone(),
        }
    }
}

/// Where a staff member on a one-time password is sent until they choose their own.
pub const STAFF_PASSWORD_PAGE: &str = "/staff/profile";

/// What stays reachable before the one-time password is replaced.
fn open_before_password_change(path: &str) -> bool {
    path.starts_with("/staff/profile")
        || path == "/logout"
        || path.starts_with("/static/")
        || path == "/favicon.ico"
        || path == "/healthz"
        || path == "/readyz"
}

fn token_looks_valid(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn live_session(state: &AppState, token: &str) -> Result<Option<LiveSession>, AppError> {
    let token_hash = sha256_hex(token);
    let Some(active) = state.sessions.resume(&token_hash).await? else {
        return Ok(None);
    };
    Ok(Some(LiveSession {
        account: active.account,
        token_hash,
        role: active.role,
        must_change_password: active.must_change_password,
        doctor: active.doctor,
        csrf_token: active.csrf_token,
    }))
}

/// Middleware: finds the session, checks CSRF on state-changing requests, and
/// makes the `Visitor` available to handlers.
pub async fn resolve_visitor(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let secure = state.settings.server.https;
    let headers = request.headers();
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = ClientAddr::resolve(peer, headers, &state.settings.server.trusted_proxies);
    let session_token = read_cookie(headers, SESSION_COOKIE).filter(|t| token_looks_valid(t));
    let had_session_cookie = read_cookie(headers, SESSION_COOKIE).is_some();
    let anon_token = read_cookie(headers, CSRF_COOKIE).filter(|t| token_looks_valid(t));
    let browser_zone = read_cookie(headers, ZONE_COOKIE)
        .and_then(|z| TimeZoneName::parse(&z.replace("%2F", "/")).ok());
    let flash = read_cookie(headers, FLASH_COOKIE).and_then(|code| Flash::from_code(&code));

    let session = match &session_token {
        Some(token) => match live_session(&state, token).await {
            Ok(session) => session,
            Err(error) => return error.into_response(),
        },
        None => None,
    };
    let mut set_cookies = Vec::new();
    let csrf_token = match (&session, &anon_token) {
        (Some(session), _) => session.csrf_token.clone(),
        (None, Some(token)) => token.clone(),
        (None, None) => {
            let token = random_token();
            set_cookies.push(csrf_cookie(token.clone(), secure));
            token
        }
    };
    if session.is_none() && had_session_cookie {
        set_cookies.push(clear_session_cookie(secure));
    }

    if session.as_ref().is_some_and(|s| s.must_change_password)
        && !open_before_password_change(request.uri().path())
    {
        return Redirect::to(STAFF_PASSWORD_PAGE).into_response();
    }
    let mut request = request;
    if csrf::needs_check(&request) {
        request = match csrf::check(request, &csrf_token).await {
            Ok(request) => request,
            Err(()) => return AppError::CsrfRejected.into_response(),
        };
    }
    let here = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let visitor = Visitor {
        session,
        csrf_token,
        client,
        here,
        browser_zone,
        flash,
    };
    let nav = visitor.nav();
    request.extensions_mut().insert(visitor);
    let mut response = next.run(request).await;
    if response.extensions().get::<ErrorPage>().is_some() {
        response.extensions_mut().insert(nav);
    }
    // Shown once: the first page that displays it clears it.
    let is_page = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if flash.is_some() && is_page && response.status().is_success() {
        set_cookies.push(clear_flash_cookie(secure));
    }
    for cookie in set_cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| AppError::Unexpected("visitor layer missing".into()))
    }
}

/// Who is logged in, copied out of the session so the visitor can move on.
#[derive(Debug, Clone, Copy)]
struct Who {
    account: AccountRef,
    role: Option<Role>,
    doctor: Option<DoctorId>,
}

/// The visitor and who they are; an anonymous visitor is sent to log in.
/// Each role's extractor below says only whom it lets through.
async fn signed_in<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<(Who, Visitor), AppError> {
    let visitor = Visitor::from_request_parts(parts, state).await?;
    let who = visitor.session.as_ref().map(|s| Who {
        account: s.account,
        role: s.role,
        doctor: s.doctor,
    });
    match who {
        Some(who) => Ok((who, visitor)),
        None => Err(AppError::LoginRequired { next: visitor.here }),
    }
}

/// A logged-in patient; anyone else is sent to log in (or refused, if staff).
pub struct PatientUser {
    pub id: PatientId,
    pub visitor: Visitor,
}

impl<S: Send + Sync> FromRequestParts<S> for PatientUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await? {
            (
                Who {
                    account: AccountRef::Patient(id),
                    ..
                },
                visitor,
            ) => Ok(PatientUser { id, visitor }),
            _ => Err(AppError::Forbidden),
        }
    }
}

/// A logged-in admin; a patient gets 403, an anonymous visitor the login page.
pub struct AdminUser {
    pub id: StaffId,
    pub visitor: Visitor,
}

impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await? {
            (
                Who {
                    account: AccountRef::Staff(id),
                    role: Some(Role::Admin),
                    ..
                },
                visitor,
            ) => Ok(AdminUser { id, visitor }),
            _ => Err(AppError::Forbidden),
        }
    }
}

/// Any logged-in member of staff (admin or doctor); a patient gets 403.
pub struct StaffUser {
    pub id: StaffId,
    pub visitor: Visitor,
}

impl<S: Send + Sync> FromRequestParts<S> for StaffUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await? {
            (
                Who {
                    account: AccountRef::Staff(id),
                    ..
                },
                visitor,
            ) => Ok(StaffUser { id, visitor }),
            _ => Err(AppError::Forbidden),
        }
    }
}

/// A logged-in doctor, with the doctor profile their account is linked to;
/// an admin or a patient gets 403, an anonymous visitor the login page.
pub struct DoctorUser {
    pub id: StaffId,
    pub doctor: DoctorId,
    pub visitor: Visitor,
}

impl<S: Send + Sync> FromRequestParts<S> for DoctorUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await? {
            (
                Who {
                    account: AccountRef::Staff(id),
                    role: Some(Role::Doctor),
                    doctor: Some(doctor),
                },
                visitor,
            ) => Ok(DoctorUser {
                id,
                doctor,
                visitor,
            }),
            _ => Err(AppError::Forbidden),
        }
    }
}
