//! In-memory token store and secrets for the link use cases' tests, and the
//! use cases built over all the fakes.

use crate::model::*;
use crate::ports::*;
use async_trait::async_trait;
use jiff::Timestamp;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

pub use super::account_fakes::{Accounts, Attempts, Audit, Clock, Hasher};

/// Runs a future whose fakes never wait.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

pub const KNOWN: &str = "known@example.com";
pub const PATIENT: AccountRef = AccountRef::Patient(PatientId::new(1));

#[derive(Default)]
pub struct Secrets(Mutex<i64>);
impl TokenSecrets for Secrets {
    fn new_id(&self) -> AccountTokenId {
        let mut next = self.0.lock().unwrap();
        *next += 1;
        AccountTokenId::new(*next)
    }
    fn secret(&self, id: AccountTokenId) -> String {
        format!("secret-{id}")
    }
    fn hash(&self, secret: &str) -> String {
        format!("hash:{}", secret.chars().rev().collect::<String>())
    }
}

/// What the token store was asked to write.
#[derive(Default)]
pub struct Written {
    pub reset_requests: Vec<(ResetRequest, bool)>,
    pub tokens: Vec<(AccountToken, String)>,
    pub jobs: Vec<NewJob>,
    pub passwords: Vec<(AccountRef, PasswordHash)>,
    pub verified: Option<Timestamp>,
}

/// Counts reset requests in the attempts it shares, as the SQLite store does
/// in the same write.
pub struct Tokens(pub Mutex<Written>, pub Arc<Attempts>);

impl Tokens {
    fn store(&self, account: AccountRef, token: NewAccountToken, jobs: Vec<NewJob>) {
        let mut w = self.0.lock().unwrap();
        let stored = AccountToken {
            id: token.id,
            purpose: token.purpose,
            account,
            expires_at: token.expires_at,
            used_at: None,
            still_addressed: true,
        };
        w.tokens.push((stored, token.token_hash));
        w.jobs.extend(jobs);
    }
    fn spend(
        &self,
        hash: &str,
        purpose: TokenPurpose,
        now: Timestamp,
    ) -> Result<AccountRef, StoreError> {
        let mut w = self.0.lock().unwrap();
        let (token, _) = w
            .tokens
            .iter_mut()
            .find(|(_, h)| h == hash)
            .ok_or(StoreError::NotFound)?;
        token
            .usable_for(purpose, now)
            .map_err(|_| StoreError::NotFound)?;
        token.used_at = Some(now);
        Ok(token.account)
    }
}

#[async_trait]
impl AccountTokenStore for Tokens {
    async fn register_patient(
        &self,
        _: NewPatient,
        _: PasswordHash,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        _: Timestamp,
    ) -> Result<PatientId, StoreError> {
        self.store(PATIENT, token, jobs);
        Ok(PatientId::new(1))
    }
    async fn request_reset(
        &self,
        request: ResetRequest,
        issue: Option<(AccountRef, NewAccountToken, Vec<NewJob>)>,
    ) -> Result<(), StoreError> {
        self.1 .0.lock().unwrap().push((
            AttemptKind::PasswordReset,
            Some(request.email_key.clone()),
            request.client.clone(),
            request.at,
        ));
        self.0
            .lock()
            .unwrap()
            .reset_requests
            .push((request, issue.is_some()));
        if let Some((account, token, jobs)) = issue {
            self.store(account, token, jobs);
        }
        Ok(())
    }
    async fn issue_token(
        &self,
        account: AccountRef,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        _: Timestamp,
    ) -> Result<(), StoreError> {
        self.store(account, token, jobs);
        Ok(())
    }
    async fn token(&self, id: AccountTokenId) -> Result<Option<AccountToken>, StoreError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .tokens
            .iter()
            .find(|(t, _)| t.id == id)
            .map(|(t, _)| t.clone()))
    }
    async fn token_by_hash(&self, hash: &str) -> Result<Option<AccountToken>, StoreError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .tokens
            .iter()
            .find(|(_, h)| h == hash)
            .map(|(t, _)| t.clone()))
    }
    async fn reset_password(
        &self,
        hash: &str,
        password: PasswordHash,
        now: Timestamp,
    ) -> Result<AccountRef, StoreError> {
        let account = self.spend(hash, TokenPurpose::Reset, now)?;
        self.0.lock().unwrap().passwords.push((account, password));
        Ok(account)
    }
    async fn verify_email(&self, hash: &str, now: Timestamp) -> Result<PatientId, StoreError> {
        self.spend(hash, TokenPurpose::Verify, now)?;
        self.0.lock().unwrap().verified.get_or_insert(now);
        Ok(PatientId::new(1))
    }
    async fn email_verified_at(&self, _: PatientId) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.0.lock().unwrap().verified)
    }
}

/// The account use cases over these fakes, and the fakes to look into.
pub struct World {
    pub accounts: super::Accounts,
    pub clock: Arc<Clock>,
    pub tokens: Arc<Tokens>,
    pub secrets: Arc<Secrets>,
    pub audit: Arc<Audit>,
}

pub fn world(require_verified_email: bool) -> World {
    let clock = Arc::new(Clock(Mutex::new(
        Timestamp::from_second(1_767_225_600).unwrap(),
    )));
    let attempts = Arc::new(Attempts::default());
    let tokens = Arc::new(Tokens(Mutex::default(), attempts.clone()));
    let secrets = Arc::new(Secrets::default());
    let audit = Arc::new(Audit::default());
    let links = super::AccountLinks {
        tokens: tokens.clone(),
        secrets: secrets.clone(),
        policy: super::LinkPolicy {
            require_verified_email,
            ..super::LinkPolicy::default()
        },
    };
    let accounts = super::Accounts::new(
        Arc::new(Accounts),
        attempts,
        audit.clone(),
        Arc::new(Hasher),
        clock.clone(),
        super::ThrottlePolicy::default(),
        links,
    );
    World {
        accounts,
        clock,
        tokens,
        secrets,
        audit,
    }
}
