//! When a failed job runs again: exponential backoff with jitter, then dead.

use jiff::SignedDuration;

/// Attempts after which a job is dead and shown to staff.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait before attempt `attempts + 1`, or `None` when the job should die.
/// `jitter` in [0, 1) spreads retries so a recovered provider is not hit at once.
pub fn retry_delay(attempts_made: i32, jitter: f64) -> Option<SignedDuration> {
    if attempts_made >= MAX_ATTEMPTS {
        return None;
    }
    let base_secs = 5_i64 << attempts_made.clamp(0, 12);
    let capped = base_secs.min(3600);
    let jitter_secs = (capped as f64 * 0.5 * jitter.clamp(0.0, 1.0)) as i64;
    Some(SignedDuration::from_secs(capped + jitter_secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_are_capped_and_end_in_death() {
        assert_eq!(retry_delay(1, 0.0), Some(SignedDuration::from_secs(10)));
        assert_eq!(retry_delay(2, 0.0), Some(SignedDuration::from_secs(20)));
        assert!(retry_delay(1, 0.99).unwrap() < SignedDuration::from_secs(16));
        assert_eq!(
            retry_delay(MAX_ATTEMPTS - 1, 0.0),
            Some(SignedDuration::from_secs(640))
        );
        assert_eq!(retry_delay(MAX_ATTEMPTS, 0.0), None);
    }
}
