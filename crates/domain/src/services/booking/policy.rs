//! The clinic's booking policy, from configuration.

use crate::services::jobs::effects::NoticePolicy;
use jiff::SignedDuration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentTiming {
    /// Confirmed at once, paid at or after the consultation.
    After,
    /// Held for `hold` while the patient pays online.
    Before,
}

#[derive(Debug, Clone)]
pub struct BookingPolicy {
    pub payment: PaymentTiming,
    pub hold: SignedDuration,
    /// Cancelling or moving a confirmed appointment needs at least this much notice.
    pub cancel_notice: SignedDuration,
    pub max_upcoming: i64,
    /// The link grace and the reminders every confirmed appointment gets.
    pub notices: NoticePolicy,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        Self {
            payment: PaymentTiming::After,
            hold: SignedDuration::from_mins(15),
            cancel_notice: SignedDuration::from_hours(24),
            max_upcoming: 5,
            notices: NoticePolicy {
                link_grace: SignedDuration::from_secs(300),
                reminders: vec![
                    SignedDuration::from_hours(24),
                    SignedDuration::from_hours(1),
                ],
            },
        }
    }
}
