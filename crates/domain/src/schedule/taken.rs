//! A time already taken by an active appointment of the doctor.

use super::error::RuleError;
use jiff::Timestamp;

/// The `[starts_at, ends_at)` instants of one active appointment (confirmed or held).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Taken {
    starts_at: Timestamp,
    ends_at: Timestamp,
}

impl Taken {
    pub fn new(starts_at: Timestamp, ends_at: Timestamp) -> Result<Self, RuleError> {
        if starts_at < ends_at {
            Ok(Self { starts_at, ends_at })
        } else {
            Err(RuleError::EndNotAfterStart)
        }
    }

    pub fn starts_at(&self) -> Timestamp {
        self.starts_at
    }

    pub fn ends_at(&self) -> Timestamp {
        self.ends_at
    }
}
