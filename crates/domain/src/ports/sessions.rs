//! Server-side login sessions. Only a hash of the cookie's token is stored.

use crate::model::AccountRef;
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct NewSession {
    /// Lower-case hex SHA-256 of the cookie token.
    pub token_hash: String,
    pub account: AccountRef,
    pub csrf_token: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub account: AccountRef,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: NewSession) -> Result<(), StoreError>;

    /// The live session with this token hash: created after `absolute_cutoff` and
    /// last seen after `idle_cutoff`. Records `now` as last seen (the adapter may
    /// skip the write when the last one is under a minute old). A session found
    /// expired is deleted and `None` returned.
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
        absolute_cutoff: Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError>;

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    async fn delete_sessions_of(&self, account: AccountRef) -> Result<(), StoreError>;

    /// Deletes every session created before `absolute_cutoff` or last seen
    /// before `idle_cutoff`; returns how many.
    async fn prune_sessions(
        &self,
        idle_cutoff: Timestamp,
        absolute_cutoff: Timestamp,
    ) -> Result<u64, StoreError>;
}
