//! When a failed job runs again: exponential backoff with jitter, capped, and
//! never sooner than the provider asked.

use crate::model::JobId;
use jiff::{SignedDuration, Timestamp};

/// The first retry comes after this; each later one waits twice as long.
const FIRST_WAIT_SECS: i64 = 5;

/// No wait is longer: a provider back after an outage is noticed within this.
pub const MAX_WAIT: SignedDuration = SignedDuration::from_secs(15 * 60);

/// The wait after `attempts` failures (1 for the first), with up to half of
/// it again as jitter. The jitter derives from the job and the attempt, so it
/// spreads jobs that failed together and is the same whenever it is computed.
pub fn wait_after(attempts: i32, job: JobId) -> SignedDuration {
    let doublings = (attempts.max(1) - 1).min(20) as u32;
    let base = (FIRST_WAIT_SECS << doublings).min(MAX_WAIT.as_secs());
    let jitter = base * (mix(job.get(), attempts) % 500) as i64 / 1000;
    SignedDuration::from_secs((base + jitter).min(MAX_WAIT.as_secs()))
}

/// The next attempt's instant: the backoff, or later when the provider said so.
pub fn retry_at(
    now: Timestamp,
    attempts: i32,
    job: JobId,
    not_before: Option<Timestamp>,
) -> Timestamp {
    let backoff = now.saturating_add(wait_after(attempts, job)).unwrap_or(now);
    match not_before {
        Some(asked) if asked > backoff => asked,
        _ => backoff,
    }
}

/// splitmix64 of the job id and attempt: cheap, well spread, deterministic.
fn mix(job: i64, attempts: i32) -> u64 {
    let mut z = (job as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(attempts as u64);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_five_seconds_and_stop_at_fifteen_minutes() {
        let job = JobId::new(1);
        let first = wait_after(1, job).as_secs();
        assert!((5..8).contains(&first), "first wait {first}");
        let mut total = 0;
        for attempt in 1..=3 {
            total += wait_after(attempt, job).as_secs();
        }
        assert!(
            total < 60,
            "the first retries come within a minute: {total}"
        );
        assert_eq!(wait_after(40, job), MAX_WAIT);
        assert_eq!(wait_after(i32::MAX, job), MAX_WAIT);
        for attempt in 1..200 {
            assert!(wait_after(attempt, job) <= MAX_WAIT);
            assert!(wait_after(attempt + 1, job) >= wait_after(attempt, job) / 2);
        }
    }

    #[test]
    fn jitter_spreads_jobs_that_failed_together() {
        let waits: std::collections::HashSet<i64> = (1..50)
            .map(|id| wait_after(6, JobId::new(id)).as_secs())
            .collect();
        assert!(waits.len() > 10, "{waits:?}");
    }

    #[test]
    fn a_providers_retry_after_is_never_undercut() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        let asked = now.checked_add(SignedDuration::from_hours(3)).unwrap();
        assert_eq!(retry_at(now, 1, JobId::new(1), Some(asked)), asked);
        let soon = now.checked_add(SignedDuration::from_secs(1)).unwrap();
        assert!(retry_at(now, 1, JobId::new(1), Some(soon)) > soon);
    }
}
