//! Server-to-Server OAuth access tokens, fetched once and shared until near expiry.

use super::body::TokenAnswer;
use super::errors::{token_refusal, transport, unreadable};
use consulta_domain::ports::MeetingError;
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use url::Url;

/// Zoom's Rivet SDK renews when 60 s or less remain, so a token never
/// expires on its way to Zoom.
const RENEW_MARGIN: SignedDuration = SignedDuration::from_secs(60);

/// The account's credentials and the cached token. The lock is held while a
/// token is fetched, so calls arriving meanwhile wait for that one instead of
/// each asking Zoom.
pub(super) struct Tokens {
    http: reqwest::Client,
    url: Url,
    account_id: SecretString,
    client_id: SecretString,
    client_secret: SecretString,
    cached: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    value: SecretString,
    expires_at: Timestamp,
}

impl CachedToken {
    fn fresh_at(&self, now: Timestamp) -> bool {
        self.expires_at.duration_since(now) > RENEW_MARGIN
    }
}

impl Tokens {
    pub(super) fn new(
        http: reqwest::Client,
        url: Url,
        account_id: SecretString,
        client_id: SecretString,
        client_secret: SecretString,
    ) -> Self {
        Self {
            http,
            url,
            account_id,
            client_id,
            client_secret,
            cached: Mutex::new(None),
        }
    }

    /// The cached token while it has more than a minute left, else a new one.
    pub(super) async fn current(&self) -> Result<SecretString, MeetingError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.fresh_at(Timestamp::now())) {
            return Ok(token.value.clone());
        }
        self.fetch_into(&mut cached).await
    }

    /// A new token after Zoom refused `rejected` (401, code 124). If another
    /// call already replaced it, that replacement is used: one refusal seen
    /// by many calls still costs one fetch.
    pub(super) async fn replace(
        &self,
        rejected: &SecretString,
    ) -> Result<SecretString, MeetingError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            if token.value.expose_secret() != rejected.expose_secret()
                && token.fresh_at(Timestamp::now())
            {
                return Ok(token.value.clone());
            }
        }
        self.fetch_into(&mut cached).await
    }

    async fn fetch_into(
        &self,
        cached: &mut Option<CachedToken>,
    ) -> Result<SecretString, MeetingError> {
        // A failed fetch leaves no stale token behind to be tried again.
        *cached = None;
        let token = self.fetch().await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }

    async fn fetch(&self) -> Result<CachedToken, MeetingError> {
        let asked_at = Timestamp::now();
        // A form body, as Zoom's own SDK sends it: the account id stays out
        // of URLs and so out of proxies' logs.
        let response = self
            .http
            .post(self.url.clone())
            .basic_auth(
                self.client_id.expose_secret(),
                Some(self.client_secret.expose_secret()),
            )
            .form(&[
                ("grant_type", "account_credentials"),
                ("account_id", self.account_id.expose_secret()),
            ])
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(token_refusal(response).await);
        }
        let answer: TokenAnswer = response
            .json()
            .await
            .map_err(|e| unreadable("the token request", e))?;
        Ok(CachedToken {
            value: SecretString::from(answer.access_token),
            // Counted from when we asked, so the time on the wire is not
            // added to the token's life.
            expires_at: asked_at
                .checked_add(SignedDuration::from_secs(answer.expires_in.max(0)))
                .unwrap_or(asked_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_expiring_at(text: &str) -> CachedToken {
        CachedToken {
            value: SecretString::from("t"),
            expires_at: text.parse().unwrap(),
        }
    }

    #[test]
    fn a_token_is_reused_while_more_than_a_minute_remains() {
        let token = token_expiring_at("2026-03-01T11:00:00Z");
        assert!(token.fresh_at("2026-03-01T10:00:00Z".parse().unwrap()));
        assert!(token.fresh_at("2026-03-01T10:58:59Z".parse().unwrap()));
    }

    #[test]
    fn a_token_with_a_minute_or_less_left_is_renewed() {
        let token = token_expiring_at("2026-03-01T11:00:00Z");
        assert!(!token.fresh_at("2026-03-01T10:59:00Z".parse().unwrap()));
        assert!(!token.fresh_at("2026-03-01T11:30:00Z".parse().unwrap()));
    }
}
