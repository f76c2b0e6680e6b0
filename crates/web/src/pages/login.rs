//! Logging in (patients and staff on one page) and out.

use super::{render, render_status};
use crate::error::AppError;
use crate::forms::FormData;
use crate::security::{clear_session_cookie, rotate_session, Visitor};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use consulta_domain::model::{AccountRef, Role};
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginInput {
    email: String,
    password: String,
    next: String,
}

/// `next` only when it is a path on this site: never another host, never a
/// scheme, never `//host` or `/\host` that browsers read as another host.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 2000
        && !next.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(next)
}

fn landing(account: AccountRef, doctor: bool, next: &str) -> String {
    match safe_next(next) {
        Some(next) => next.to_owned(),
        None => match account {
            AccountRef::Patient(_) => "/dashboard".into(),
            AccountRef::Staff(_) if doctor => "/doctor".into(),
            AccountRef::Staff(_) => "/admin".into(),
        },
    }
}

pub async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<LoginQuery>,
) -> Result<Response, AppError> {
    if let Some(session) = &visitor.session {
        let doctor = session.role == Some(Role::Doctor);
        return Ok(Redirect::to(&landing(session.account, doctor, &query.next)).into_response());
    }
    let next = safe_next(&query.next).unwrap_or_default();
    Ok(render(
        &state,
        &visitor,
        "login.html",
        context! { next => next, values => context!{}, errors => context!{} },
    )?
    .into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    FormData(input): FormData<LoginInput>,
) -> Result<Response, AppError> {
    let next = safe_next(&input.next).unwrap_or_default();
    let again = |status: StatusCode, message: Option<String>| {
        render_status(
            status,
            &state,
            &visitor,
            "login.html",
            context! { next => next, values => context! { email => input.email.clone() }, error => message },
        )
    };
    match state
        .accounts
        .login(&input.email, &input.password, &visitor.client.0)
        .await
    {
        Ok(account) => {
            let previous = visitor.session.as_ref().map(|s| s.token_hash.as_str());
            let cookie = rotate_session(&state, previous, account).await?;
            let doctor = match account {
                AccountRef::Staff(id) => {
                    state.accounts.own_staff_record(id).await?.role == Role::Doctor
                }
                AccountRef::Patient(_) => false,
            };
            Ok((
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&landing(account, doctor, &input.next)),
            )
                .into_response())
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            Ok(again(refusal.status, refusal.message))
        }
    }
}

pub async fn logout(State(state): State<AppState>, visitor: Visitor) -> Result<Response, AppError> {
    if let Some(session) = &visitor.session {
        state.sessions.end(&session.token_hash).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            clear_session_cookie(state.settings.server.https),
        )],
        Redirect::to("/"),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_may_only_be_a_path_on_this_site() {
        assert_eq!(
            safe_next("/book?doctor_id=3&date=2026-12-01"),
            Some("/book?doctor_id=3&date=2026-12-01")
        );
        for bad in [
            "https://evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "evil",
            "",
            "javascript:alert(1)",
            "/\tx",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?} must be refused");
        }
    }
}
