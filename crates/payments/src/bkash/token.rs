//! bKash id_tokens: granted once, refreshed before they expire, shared by all
//! calls. bKash may block a merchant calling the token APIs more than twice
//! an hour, so a token is never asked for per payment (§4.2).

use super::api::{send, Failure};
use super::config::BkashConfig;
use crate::http::unreadable;
use consulta_domain::ports::PaymentError;
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Mutex;
use url::Url;

/// Renew around the 50th minute of the hour an id_token lives.
const RENEW_MARGIN: SignedDuration = SignedDuration::from_mins(10);

/// A refresh_token works for 28 days; a day's margin, then grant again.
const REFRESH_LIFETIME: SignedDuration = SignedDuration::from_hours(27 * 24);

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: String,
    expires_in: i64,
    #[serde(default)]
    refresh_token: Option<String>,
}

struct Cached {
    id_token: SecretString,
    refresh_token: Option<SecretString>,
    expires_at: Timestamp,
    refresh_until: Timestamp,
}

/// The credentials and the cached token. The lock is held while a token is
/// fetched, so calls arriving meanwhile wait for that one.
pub(super) struct Tokens {
    http: reqwest::Client,
    grant_url: Url,
    refresh_url: Url,
    config: BkashConfig,
    cached: Mutex<Option<Cached>>,
}

impl Tokens {
    pub(super) fn new(
        http: reqwest::Client,
        grant_url: Url,
        refresh_url: Url,
        config: BkashConfig,
    ) -> Self {
        Self {
            http,
            grant_url,
            refresh_url,
            config,
            cached: Mutex::new(None),
        }
    }

    /// A token with more than the margin left, renewed first if need be.
    pub(super) async fn current(&self) -> Result<SecretString, PaymentError> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref() {
            if c.expires_at.duration_since(Timestamp::now()) > RENEW_MARGIN {
                return Ok(c.id_token.clone());
            }
        }
        self.renew(&mut cached).await
    }

    /// After a 401 with `stale`: a new token, unless another call already got one.
    pub(super) async fn replace(&self, stale: &SecretString) -> Result<SecretString, PaymentError> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref() {
            if c.id_token.expose_secret() != stale.expose_secret() {
                return Ok(c.id_token.clone());
            }
        }
        self.renew(&mut cached).await
    }

    async fn renew(&self, cached: &mut Option<Cached>) -> Result<SecretString, PaymentError> {
        let now = Timestamp::now();
        let refresh = cached
            .as_ref()
            .filter(|c| c.refresh_until > now)
            .and_then(|c| c.refresh_token.clone());
        let fresh = match refresh {
            Some(refresh_token) => match self.ask(&self.refresh_url, Some(&refresh_token)).await {
                Ok(answer) => Self::cache(answer, now, cached.as_ref().map(|c| c.refresh_until)),
                // A refresh token bKash no longer takes: start again with a grant.
                Err(_) => Self::cache(self.ask(&self.grant_url, None).await?, now, None),
            },
            None => Self::cache(self.ask(&self.grant_url, None).await?, now, None),
        };
        let token = fresh.id_token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    fn cache(answer: TokenAnswer, now: Timestamp, refresh_until: Option<Timestamp>) -> Cached {
        Cached {
            id_token: SecretString::from(answer.id_token),
            refresh_token: answer.refresh_token.map(SecretString::from),
            expires_at: now + SignedDuration::from_secs(answer.expires_in.max(0)),
            refresh_until: refresh_until.unwrap_or(now + REFRESH_LIFETIME),
        }
    }

    async fn ask(
        &self,
        url: &Url,
        refresh_token: Option<&SecretString>,
    ) -> Result<TokenAnswer, PaymentError> {
        let mut body = json!({
            "app_key": self.config.app_key.expose_secret(),
            "app_secret": self.config.app_secret.expose_secret(),
        });
        if let Some(token) = refresh_token {
            body["refresh_token"] = json!(token.expose_secret());
        }
        let request = self
            .http
            .post(url.clone())
            .header("username", self.config.username.expose_secret())
            .header("password", self.config.password.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .json(&body);
        let answer = send(request).await.map_err(|failure| match failure {
            Failure::Unauthorized => PaymentError::Final {
                code: Some("401".into()),
                message: "bKash refused the credentials".into(),
            },
            other => other.into_error(),
        })?;
        serde_json::from_value(answer).map_err(|e| unreadable("bKash", "token", e))
    }
}
