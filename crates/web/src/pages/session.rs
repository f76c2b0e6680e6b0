//! Starting and ending a login session.

use crate::error::AppError;
use crate::security::session_cookie;
use crate::state::AppState;
use crate::support::{random_token, sha256_hex};
use axum::http::HeaderValue;
use consulta_domain::model::AccountRef;
use consulta_domain::ports::NewSession;

/// A fresh session (new token, new CSRF token) for `account`; returns its cookie.
pub async fn start(state: &AppState, account: AccountRef) -> Result<HeaderValue, AppError> {
    let token = random_token();
    state
        .sessions
        .create_session(NewSession {
            token_hash: sha256_hex(&token),
            account,
            csrf_token: random_token(),
            at: state.clock.now(),
        })
        .await
        .map_err(AppError::unexpected)?;
    Ok(session_cookie(token, state.settings.server.https))
}
