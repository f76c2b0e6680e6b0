//! The Zoom adapter's settings: hosts, Server-to-Server OAuth credentials, host user.

use secrecy::SecretString;
use std::time::Duration;

/// Zoom's global REST base; it keeps working whatever region the token names.
pub const DEFAULT_ZOOM_API_BASE: &str = "https://api.zoom.us/v2";

/// Zoom's OAuth host, where `/oauth/token` lives.
pub const DEFAULT_ZOOM_OAUTH_BASE: &str = "https://zoom.us";

/// Long enough for Zoom's slower calls, short enough that a booking job is
/// not held up; a create that times out is found again by its agenda marker.
pub const DEFAULT_ZOOM_TIMEOUT: Duration = Duration::from_secs(15);

/// What [`ZoomMeetings`](super::ZoomMeetings) needs. `Debug` shows the
/// credentials as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct ZoomConfig {
    /// REST base including `/v2`, e.g. [`DEFAULT_ZOOM_API_BASE`].
    pub api_base: String,
    /// OAuth host, e.g. [`DEFAULT_ZOOM_OAUTH_BASE`].
    pub oauth_base: String,
    /// The Server-to-Server OAuth app's Account ID.
    pub account_id: SecretString,
    pub client_id: SecretString,
    pub client_secret: SecretString,
    /// The meetings' host: a Zoom user id or e-mail. Not `me`, which an
    /// account-level token does not resolve to a documented user.
    pub user: String,
    /// Connect timeout and whole-request timeout, each.
    pub timeout: Duration,
}

impl ZoomConfig {
    /// Credentials and host user, with Zoom's public hosts and the default timeout.
    pub fn new(
        account_id: SecretString,
        client_id: SecretString,
        client_secret: SecretString,
        user: String,
    ) -> Self {
        Self {
            api_base: DEFAULT_ZOOM_API_BASE.to_owned(),
            oauth_base: DEFAULT_ZOOM_OAUTH_BASE.to_owned(),
            account_id,
            client_id,
            client_secret,
            user,
            timeout: DEFAULT_ZOOM_TIMEOUT,
        }
    }
}
