//! What the account use cases need to mail single-use links: the token store,
//! the secrets port and how long links work; and finding a live link.

use crate::model::{
    AccountRef, AccountToken, AccountTokenId, Dedupe, JobKind, JobPayload, LinkRefused,
    NewAccountToken, NewJob, TokenPurpose,
};
use crate::ports::{AccountTokenStore, StoreError, TokenSecrets};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// How long links work, and whether booking waits for a confirmed email.
#[derive(Debug, Clone, Copy)]
pub struct LinkPolicy {
    /// `accounts.reset_link_minutes`.
    pub reset_link: SignedDuration,
    /// A verification link; a new one can be sent at any time.
    pub verify_link: SignedDuration,
    /// `accounts.require_verified_email`.
    pub require_verified_email: bool,
}

impl Default for LinkPolicy {
    fn default() -> Self {
        Self {
            reset_link: SignedDuration::from_mins(60),
            verify_link: SignedDuration::from_hours(24 * 7),
            require_verified_email: false,
        }
    }
}

#[derive(Clone)]
pub struct AccountLinks {
    pub tokens: Arc<dyn AccountTokenStore>,
    pub secrets: Arc<dyn TokenSecrets>,
    pub policy: LinkPolicy,
}

/// Longer than any secret the secrets port makes: not worth a lookup.
const MAX_SECRET_CHARS: usize = 128;

impl AccountLinks {
    /// A new token for `purpose`, working from `now` for the policy's time.
    pub(crate) fn new_token(&self, purpose: TokenPurpose, now: Timestamp) -> NewAccountToken {
        let id = self.secrets.new_id();
        let lifetime = match purpose {
            TokenPurpose::Reset => self.policy.reset_link,
            TokenPurpose::Verify => self.policy.verify_link,
        };
        NewAccountToken {
            id,
            purpose,
            token_hash: self.secrets.hash(&self.secrets.secret(id)),
            expires_at: now.saturating_add(lifetime).unwrap_or(now),
        }
    }

    /// The live token a link's secret names, or why it does nothing.
    pub(crate) async fn live(
        &self,
        secret: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> Result<Result<AccountToken, LinkRefused>, StoreError> {
        if secret.is_empty() || secret.len() > MAX_SECRET_CHARS {
            return Ok(Err(LinkRefused::Unknown));
        }
        let hash = self.secrets.hash(secret);
        let Some(token) = self.tokens.token_by_hash(&hash).await? else {
            return Ok(Err(LinkRefused::Unknown));
        };
        Ok(token.usable_for(purpose, now).map(|()| token))
    }

    pub(crate) fn hash(&self, secret: &str) -> String {
        self.secrets.hash(secret)
    }
}

/// The job mailing token `id` to `account` (`None`: the account being written).
pub(crate) fn token_mail(
    kind: JobKind,
    account: Option<AccountRef>,
    id: AccountTokenId,
    now: Timestamp,
) -> NewJob {
    NewJob {
        kind,
        appointment: None,
        account,
        payload: JobPayload::Token { id: id.get() },
        dedupe: Dedupe::Key(format!("token:{id}")),
        run_at: now,
    }
}
