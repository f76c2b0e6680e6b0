//! The clinic's booking policy, from configuration.

use jiff::SignedDuration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentTiming {
    /// Confirmed at once, paid at or after the consultation.
    After,
    /// Held for `hold` while the patient pays online.
    Before,
}

#[derive(Debug, Clone, Copy)]
pub struct BookingPolicy {
    pub payment: PaymentTiming,
    pub hold: SignedDuration,
    /// Cancelling or moving a confirmed appointment needs at least this much notice.
    pub cancel_notice: SignedDuration,
    pub max_upcoming: i64,
    /// How long a confirmation waits for its video link before it goes out
    /// saying the link will follow (`meetings.link_grace_seconds`).
    pub link_grace: SignedDuration,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        Self {
            payment: PaymentTiming::After,
            hold: SignedDuration::from_mins(15),
            cancel_notice: SignedDuration::from_hours(24),
            max_upcoming: 5,
            link_grace: SignedDuration::from_secs(300),
        }
    }
}
