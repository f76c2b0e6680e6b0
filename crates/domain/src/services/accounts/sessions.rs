//! Login sessions as a use case: starting one (rotated at login), finding the
//! live one a request carries (with the staff member's current role), ending it.

use crate::model::{AccountRef, DoctorId, Role};
use crate::ports::{AccountStore, Clock, NewSession, SessionStore, StoreError};
use crate::services::Cause;
use jiff::SignedDuration;
use std::sync::Arc;

/// How long a session lives: since its last request, and at most since it began.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: SignedDuration,
    pub absolute: SignedDuration,
}

/// A new session's secrets, made by the caller (the core draws no random numbers):
/// the hash of the cookie's token, and the token its forms carry.
#[derive(Debug, Clone)]
pub struct SessionKeys {
    pub token_hash: String,
    pub csrf_token: String,
}

/// The live session a request carries.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub account: AccountRef,
    /// The staff member's role as it is now; `None` for a patient.
    pub role: Option<Role>,
    /// A staff member still on a one-time password: nothing but choosing a new
    /// one until they do.
    pub must_change_password: bool,
    /// The doctor profile a doctor's account is linked to.
    pub doctor: Option<DoctorId>,
    pub csrf_token: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for SessionError {
    fn from(error: StoreError) -> Self {
        SessionError::Unexpected(error.into())
    }
}

/// The session use cases, over the session and account stores.
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    accounts: Arc<dyn AccountStore>,
    clock: Arc<dyn Clock>,
    policy: SessionPolicy,
}

impl Sessions {
    pub fn new(
        store: Arc<dyn SessionStore>,
        accounts: Arc<dyn AccountStore>,
        clock: Arc<dyn Clock>,
        policy: SessionPolicy,
    ) -> Self {
        Self {
            store,
            accounts,
            clock,
            policy,
        }
    }

    /// A fresh session for `account` (after registering, or a password change).
    pub async fn start(&self, account: AccountRef, keys: SessionKeys) -> Result<(), SessionError> {
        self.store
            .create_session(NewSession {
                token_hash: keys.token_hash,
                account,
                csrf_token: keys.csrf_token,
                at: self.clock.now(),
            })
            .await?;
        Ok(())
    }

    /// Logging in: the session the visitor came with (if any) ends and a new one
    /// begins, so a token planted before login is worth nothing after it.
    pub async fn rotate(
        &self,
        previous: Option<&str>,
        account: AccountRef,
        keys: SessionKeys,
    ) -> Result<(), SessionError> {
        if let Some(previous) = previous {
            self.store.delete_session(previous).await?;
        }
        self.start(account, keys).await
    }

    /// The live session with this token hash, its last use recorded; `None` when
    /// it expired, was revoked, or belongs to a staff member who no longer exists
    /// or was deactivated.
    pub async fn resume(&self, token_hash: &str) -> Result<Option<ActiveSession>, SessionError> {
        let now = self.clock.now();
        let idle_cutoff = now.saturating_sub(self.policy.idle).unwrap_or(now);
        let absolute_cutoff = now.saturating_sub(self.policy.absolute).unwrap_or(now);
        let Some(record) = self
            .store
            .touch_session(token_hash, now, idle_cutoff, absolute_cutoff)
            .await?
        else {
            return Ok(None);
        };
        let (role, must_change_password, doctor) = match record.account {
            AccountRef::Patient(_) => (None, false, None),
            AccountRef::Staff(id) => match self.accounts.staff_member(id).await? {
                Some(member) => (
                    Some(member.role),
                    member.must_change_password,
                    member.doctor,
                ),
                None => return Ok(None),
            },
        };
        Ok(Some(ActiveSession {
            account: record.account,
            role,
            must_change_password,
            doctor,
            csrf_token: record.csrf_token,
        }))
    }

    /// Logging out.
    pub async fn end(&self, token_hash: &str) -> Result<(), SessionError> {
        Ok(self.store.delete_session(token_hash).await?)
    }
}
