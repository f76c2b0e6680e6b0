//! The Zoom client: HTTP settings, URLs, and calls that carry a valid token.

use super::config::ZoomConfig;
use super::errors::{transport, Refusal, INVALID_TOKEN};
use super::setup_error::ZoomSetupError;
use super::token::Tokens;
use consulta_domain::ports::MeetingError;
use reqwest::{Method, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use url::Url;

/// Zoom meetings for the clinic's appointments, hosted by one Zoom user and
/// made with a Server-to-Server OAuth app (scopes `meeting:write:meeting:admin`,
/// `meeting:update:meeting:admin`, `meeting:delete:meeting:admin`,
/// `meeting:read:meeting:admin`).
pub struct ZoomMeetings {
    http: reqwest::Client,
    api_base: Url,
    user: String,
    tokens: Tokens,
}

impl ZoomMeetings {
    /// Checks the configuration and builds the client; nothing is sent to
    /// Zoom until the first call.
    pub fn new(config: ZoomConfig) -> Result<Self, ZoomSetupError> {
        let api_base = base_url("api_base", &config.api_base)?;
        let oauth_base = base_url("oauth_base", &config.oauth_base)?;
        for (key, value) in [
            ("account_id", &config.account_id),
            ("client_id", &config.client_id),
            ("client_secret", &config.client_secret),
        ] {
            if value.expose_secret().trim().is_empty() {
                return Err(ZoomSetupError::Missing(key));
            }
        }
        if config.user.trim().is_empty() {
            return Err(ZoomSetupError::Missing("user"));
        }
        if config.timeout.is_zero() {
            return Err(ZoomSetupError::ZeroTimeout);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| ZoomSetupError::Client(e.to_string()))?;
        let token_url =
            with_segments(&oauth_base, &["oauth", "token"]).map_err(|_| bad_base("oauth_base"))?;
        let tokens = Tokens::new(
            http.clone(),
            token_url,
            config.account_id,
            config.client_id,
            config.client_secret,
        );
        Ok(Self {
            http,
            api_base,
            user: config.user,
            tokens,
        })
    }

    /// `{api_base}/users/{user}/…`, the user percent-encoded (it may be an e-mail).
    pub(super) fn user_url(&self, rest: &[&str]) -> Result<Url, MeetingError> {
        let mut segments = vec!["users", self.user.as_str()];
        segments.extend_from_slice(rest);
        self.url(&segments)
    }

    /// `{api_base}/meetings/{id}`.
    pub(super) fn meeting_url(&self, id: i64) -> Result<Url, MeetingError> {
        self.url(&["meetings", &id.to_string()])
    }

    fn url(&self, segments: &[&str]) -> Result<Url, MeetingError> {
        with_segments(&self.api_base, segments)
            .map_err(|_| MeetingError::Permanent("zoom.api_base cannot take a path".into()))
    }

    /// Sends a REST call with the current token. The outer error is no answer
    /// at all (or no token); inside is Zoom's answer, a 2xx response or its
    /// refusal, for callers that accept some refusals (delete and code 3001).
    /// A 401 code 124 (token expired or revoked early) gets one new token and
    /// one more try; a second 401 is final.
    pub(super) async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<Result<Response, Refusal>, MeetingError> {
        let token = self.tokens.current().await?;
        let response = self.attempt(&method, &url, body, &token).await?;
        let refusal = match checked(response).await {
            Ok(response) => return Ok(Ok(response)),
            Err(refusal) => refusal,
        };
        if refusal.status != StatusCode::UNAUTHORIZED || refusal.code != Some(INVALID_TOKEN) {
            return Ok(Err(refusal));
        }
        let token = self.tokens.replace(&token).await?;
        let response = self.attempt(&method, &url, body, &token).await?;
        Ok(checked(response).await)
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&serde_json::Value>,
        token: &SecretString,
    ) -> Result<Response, MeetingError> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            // `json` also sets `Content-Type: application/json`.
            request = request.json(body);
        }
        request.send().await.map_err(transport)
    }
}

async fn checked(response: Response) -> Result<Response, Refusal> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(Refusal::from_rest(response).await)
    }
}

fn base_url(key: &'static str, text: &str) -> Result<Url, ZoomSetupError> {
    let url = Url::parse(text.trim()).map_err(|e| ZoomSetupError::BadBase {
        key,
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(bad_base(key));
    }
    Ok(url)
}

fn bad_base(key: &'static str) -> ZoomSetupError {
    ZoomSetupError::BadBase {
        key,
        reason: "expected an http(s) URL such as https://api.zoom.us/v2".into(),
    }
}

/// The base with `segments` appended, each percent-encoded; a trailing slash
/// on the base is ignored.
fn with_segments(base: &Url, segments: &[&str]) -> Result<Url, ()> {
    let mut url = base.clone();
    url.path_segments_mut()?.pop_if_empty().extend(segments);
    Ok(url)
}

impl fmt::Debug for ZoomMeetings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZoomMeetings")
            .field("api_base", &self.api_base.as_str())
            .field("user", &self.user)
            .field("credentials", &"[redacted]")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_appended_to_the_base_and_the_user_is_encoded() {
        let base = Url::parse("https://api.zoom.us/v2/").unwrap();
        let url = with_segments(&base, &["users", "dr.rahman@clinic.example", "meetings"]).unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.zoom.us/v2/users/dr.rahman@clinic.example/meetings"
        );
        let odd = with_segments(&base, &["users", "a/b?c", "meetings"]).unwrap();
        assert_eq!(
            odd.as_str(),
            "https://api.zoom.us/v2/users/a%2Fb%3Fc/meetings"
        );
    }

    #[test]
    fn a_base_that_is_not_http_is_refused() {
        for text in ["mailto:zoom@example.org", "ftp://zoom.us", "zoom.us"] {
            assert!(base_url("api_base", text).is_err(), "{text}");
        }
    }
}
