//! How many failed logins, registrations and link mails are allowed before a
//! client must wait.

use crate::ports::{AttemptKind, AttemptStore, AttemptWindow, StoreError};
use jiff::{SignedDuration, Timestamp};

/// Limits: one account from one address is throttled quickly; an address across
/// accounts, or an account across addresses, only at a much higher cap, so an
/// attacker cannot lock a patient out of their own device.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub account_client_failures: i64,
    pub account_client_window: SignedDuration,
    pub client_failures: i64,
    pub account_failures: i64,
    pub wide_window: SignedDuration,
    pub registrations_per_client: i64,
    /// Reset links asked for one email, and from one address, per wide window.
    pub resets_per_email: i64,
    pub resets_per_client: i64,
    /// Verification links sent again for one account per wide window.
    pub verification_mails_per_account: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            account_client_failures: 5,
            account_client_window: SignedDuration::from_mins(15),
            client_failures: 100,
            account_failures: 100,
            wide_window: SignedDuration::from_hours(1),
            registrations_per_client: 10,
            resets_per_email: 5,
            resets_per_client: 20,
            verification_mails_per_account: 5,
        }
    }
}

/// Whole minutes until the oldest counted attempt leaves its window (at least 1).
fn minutes_until_free(window: AttemptWindow, length: SignedDuration, now: Timestamp) -> i64 {
    let Some(oldest) = window.oldest else {
        return 1;
    };
    let free_at = oldest.saturating_add(length).unwrap_or(now);
    let seconds = free_at.duration_since(now).as_secs().max(0);
    ((seconds + 59) / 60).max(1)
}

impl ThrottlePolicy {
    /// `Some(minutes)` when a login for `account_key` from `client` must wait.
    pub(crate) async fn login_wait(
        &self,
        attempts: &dyn AttemptStore,
        account_key: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let kind = AttemptKind::LoginFailure;
        let checks = [
            (
                Some(account_key),
                Some(client),
                self.account_client_failures,
                self.account_client_window,
            ),
            (None, Some(client), self.client_failures, self.wide_window),
            (
                Some(account_key),
                None,
                self.account_failures,
                self.wide_window,
            ),
        ];
        for (account, from, limit, length) in checks {
            let since = now.saturating_sub(length).unwrap_or(now);
            let window = attempts.count_attempts(kind, account, from, since).await?;
            if window.count >= limit {
                return Ok(Some(minutes_until_free(window, length, now)));
            }
        }
        Ok(None)
    }

    /// `Some(minutes)` when `client` has registered too many accounts lately.
    pub(crate) async fn registration_wait(
        &self,
        attempts: &dyn AttemptStore,
        client: &str,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let since = now.saturating_sub(self.wide_window).unwrap_or(now);
        let window = attempts
            .count_attempts(AttemptKind::Registration, None, Some(client), since)
            .await?;
        Ok((window.count >= self.registrations_per_client)
            .then(|| minutes_until_free(window, self.wide_window, now)))
    }

    /// `Some(minutes)` when reset links were asked for this email, or from
    /// this address, too often lately; the same whether the email exists.
    pub(crate) async fn reset_wait(
        &self,
        attempts: &dyn AttemptStore,
        email_key: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let kind = AttemptKind::PasswordReset;
        let since = now.saturating_sub(self.wide_window).unwrap_or(now);
        let checks = [
            (Some(email_key), None, self.resets_per_email),
            (None, Some(client), self.resets_per_client),
        ];
        for (account, from, limit) in checks {
            let window = attempts.count_attempts(kind, account, from, since).await?;
            if window.count >= limit {
                return Ok(Some(minutes_until_free(window, self.wide_window, now)));
            }
        }
        Ok(None)
    }

    /// `Some(minutes)` when the account's verification link was sent again too often.
    pub(crate) async fn verification_wait(
        &self,
        attempts: &dyn AttemptStore,
        account_key: &str,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let since = now.saturating_sub(self.wide_window).unwrap_or(now);
        let window = attempts
            .count_attempts(
                AttemptKind::VerificationMail,
                Some(account_key),
                None,
                since,
            )
            .await?;
        Ok((window.count >= self.verification_mails_per_account)
            .then(|| minutes_until_free(window, self.wide_window, now)))
    }
}
