//! Starting a login session: the use case stores it, the cookie carries its token.

use super::cookies::session_cookie;
use crate::error::AppError;
use crate::state::AppState;
use crate::support::{random_token, sha256_hex};
use axum::http::HeaderValue;
use consulta_domain::model::AccountRef;
use consulta_domain::services::accounts::SessionKeys;

/// A new cookie token, and what the store keeps of it (its hash) with a new CSRF token.
fn new_keys() -> (String, SessionKeys) {
    let token = random_token();
    let keys = SessionKeys {
        token_hash: sha256_hex(&token),
        csrf_token: random_token(),
    };
    (token, keys)
}

/// A fresh session for `account`; returns its cookie.
pub async fn start_session(state: &AppState, account: AccountRef) -> Result<HeaderValue, AppError> {
    let (token, keys) = new_keys();
    state.sessions.start(account, keys).await?;
    Ok(session_cookie(token, state.settings.server.https))
}

/// Logging in: the session the visitor came with ends, a new one begins; returns its cookie.
pub async fn rotate_session(
    state: &AppState,
    previous: Option<&str>,
    account: AccountRef,
) -> Result<HeaderValue, AppError> {
    let (token, keys) = new_keys();
    state.sessions.rotate(previous, account, keys).await?;
    Ok(session_cookie(token, state.settings.server.https))
}
