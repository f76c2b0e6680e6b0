//! Single-use links sent by mail (email verification, password reset): what
//! a link is for, and the row the store keeps of it (a hash, never the link).

use super::AccountRef;
use jiff::Timestamp;
use std::fmt;

/// What a link does when its button is pressed. The stored names are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenPurpose {
    /// Confirms the account's email address.
    Verify,
    /// Lets the account's owner set a new password.
    Reset,
}

impl TokenPurpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Reset => "reset",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "verify" => Some(Self::Verify),
            "reset" => Some(Self::Reset),
            _ => None,
        }
    }

    /// The path the link opens, before its token.
    pub fn path(&self) -> &'static str {
        match self {
            Self::Verify => "/verify-email",
            Self::Reset => "/password/reset",
        }
    }
}

/// A token's row, by id. Jobs name it (`JobPayload::Token`), never its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountTokenId(i64);

impl AccountTokenId {
    pub const fn new(raw: i64) -> Self {
        Self(raw)
    }

    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for AccountTokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A token to store: its id, what it is for, the hash of its secret and
/// when it stops working. The account it belongs to is given beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccountToken {
    pub id: AccountTokenId,
    pub purpose: TokenPurpose,
    /// Lower-case hex SHA-256 of the link's secret.
    pub token_hash: String,
    pub expires_at: Timestamp,
}

/// A stored token as the use cases read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountToken {
    pub id: AccountTokenId,
    pub purpose: TokenPurpose,
    pub account: AccountRef,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    /// Whether the account still has the address the link was sent to: a
    /// link mailed to an old address must not verify or reset the new one.
    pub still_addressed: bool,
}

/// Why a link does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefused {
    /// No such link (mistyped, cut short, forged), or one for something else.
    #[error("this link is not valid")]
    Unknown,
    #[error("this link has expired")]
    Expired,
    #[error("this link was already used")]
    Used,
}

impl AccountToken {
    /// Whether the link may still be used for `purpose` at `now`.
    pub fn usable_for(&self, purpose: TokenPurpose, now: Timestamp) -> Result<(), LinkRefused> {
        if self.purpose != purpose {
            return Err(LinkRefused::Unknown);
        }
        if self.used_at.is_some() || !self.still_addressed {
            return Err(LinkRefused::Used);
        }
        if now >= self.expires_at {
            return Err(LinkRefused::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PatientId;

    fn token(purpose: TokenPurpose) -> AccountToken {
        AccountToken {
            id: AccountTokenId::new(7),
            purpose,
            account: AccountRef::Patient(PatientId::new(1)),
            expires_at: Timestamp::from_second(2_000).unwrap(),
            used_at: None,
            still_addressed: true,
        }
    }

    #[test]
    fn a_link_works_once_for_its_own_purpose_until_it_expires() {
        let before = Timestamp::from_second(1_999).unwrap();
        let at_expiry = Timestamp::from_second(2_000).unwrap();
        let reset = token(TokenPurpose::Reset);
        assert_eq!(reset.usable_for(TokenPurpose::Reset, before), Ok(()));
        assert_eq!(
            reset.usable_for(TokenPurpose::Verify, before),
            Err(LinkRefused::Unknown),
            "a reset link verifies nothing"
        );
        assert_eq!(
            reset.usable_for(TokenPurpose::Reset, at_expiry),
            Err(LinkRefused::Expired)
        );
        let used = AccountToken {
            used_at: Some(before),
            ..reset.clone()
        };
        assert_eq!(
            used.usable_for(TokenPurpose::Reset, before),
            Err(LinkRefused::Used)
        );
        let readdressed = AccountToken {
            still_addressed: false,
            ..reset
        };
        assert_eq!(
            readdressed.usable_for(TokenPurpose::Reset, before),
            Err(LinkRefused::Used),
            "a link to an address the account no longer has is spent"
        );
    }

    #[test]
    fn purposes_round_trip() {
        for purpose in [TokenPurpose::Verify, TokenPurpose::Reset] {
            assert_eq!(TokenPurpose::parse(purpose.as_str()), Some(purpose));
        }
        assert_eq!(TokenPurpose::parse("login"), None);
    }
}
