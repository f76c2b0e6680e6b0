//! How long a 429 from Zoom asks us to wait.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// `QPS` or `Daily-limit`; documented, but missing on some real daily 429s.
const RATE_LIMIT_TYPE: &str = "x-ratelimit-type";

/// The wait Zoom asks for: its `Retry-After` when readable, else the next
/// 00:00 UTC when the limit hit is a daily one (the per-user 100 creates and
/// updates a day), else no advice and the caller's own back-off applies.
pub(super) fn wait_after_429(
    headers: &HeaderMap,
    message: &str,
    now: Timestamp,
) -> Option<SignedDuration> {
    if let Some(wait) =
        header_text(headers, RETRY_AFTER.as_str()).and_then(|value| parse_retry_after(value, now))
    {
        return Some(wait);
    }
    let daily_type = header_text(headers, RATE_LIMIT_TYPE)
        .is_some_and(|value| value.to_ascii_lowercase().contains("daily"));
    if daily_type || message.to_ascii_lowercase().contains("daily") {
        return until_next_utc_midnight(now);
    }
    None
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// `Retry-After` as delta-seconds, an HTTP date or (Zoom's own examples) an
/// ISO-8601 date-time. A time already past means "now": zero, not negative.
pub(super) fn parse_retry_after(value: &str, now: Timestamp) -> Option<SignedDuration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<i64>().ok().map(SignedDuration::from_secs);
    }
    let at = value.parse::<Timestamp>().ok().or_else(|| {
        jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(value)
            .ok()
    })?;
    Some(at.duration_since(now).max(SignedDuration::ZERO))
}

/// Zoom's daily limits reset at 00:00 UTC ("You may resume these requests at
/// GMT 00:00:00").
pub(super) fn until_next_utc_midnight(now: Timestamp) -> Option<SignedDuration> {
    let today = now.to_zoned(TimeZone::UTC).date();
    let midnight = today.tomorrow().ok()?.to_zoned(TimeZone::UTC).ok()?;
    Some(midnight.timestamp().duration_since(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn delta_seconds_are_taken_as_they_are() {
        let now = at("2026-03-01T10:00:00Z");
        assert_eq!(
            parse_retry_after("7", now),
            Some(SignedDuration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(SignedDuration::from_secs(120))
        );
    }

    #[test]
    fn an_iso_date_time_is_a_wait_until_then() {
        let now = at("2020-05-30T23:00:00Z");
        assert_eq!(
            parse_retry_after("2020-05-31T00:00:00Z", now),
            Some(SignedDuration::from_hours(1))
        );
    }

    #[test]
    fn an_http_date_is_a_wait_until_then() {
        let now = at("2026-03-01T10:00:00Z");
        assert_eq!(
            parse_retry_after("Sun, 01 Mar 2026 10:00:30 GMT", now),
            Some(SignedDuration::from_secs(30))
        );
    }

    #[test]
    fn a_time_already_past_means_no_wait() {
        let now = at("2026-03-01T10:00:00Z");
        assert_eq!(
            parse_retry_after("2020-05-31T00:00:00Z", now),
            Some(SignedDuration::ZERO)
        );
    }

    #[test]
    fn unreadable_values_give_no_advice() {
        let now = at("2026-03-01T10:00:00Z");
        for value in ["", "soon", "-5", "1.5", "31/05/2020"] {
            assert_eq!(parse_retry_after(value, now), None, "value {value:?}");
        }
    }

    #[test]
    fn the_next_utc_midnight_is_counted_from_now() {
        assert_eq!(
            until_next_utc_midnight(at("2026-03-01T22:30:00Z")),
            Some(SignedDuration::from_mins(90))
        );
        assert_eq!(
            until_next_utc_midnight(at("2026-03-01T00:00:00Z")),
            Some(SignedDuration::from_hours(24))
        );
    }

    #[test]
    fn a_daily_rate_limit_type_header_waits_until_midnight() {
        let mut headers = HeaderMap::new();
        headers.insert(RATE_LIMIT_TYPE, HeaderValue::from_static("Daily-limit"));
        assert_eq!(
            wait_after_429(&headers, "Too many requests", at("2026-03-01T23:00:00Z")),
            Some(SignedDuration::from_hours(1))
        );
    }

    #[test]
    fn retry_after_wins_over_the_daily_rule() {
        let mut headers = HeaderMap::new();
        headers.insert(RATE_LIMIT_TYPE, HeaderValue::from_static("Daily-limit"));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("5"));
        assert_eq!(
            wait_after_429(&headers, "daily", at("2026-03-01T12:00:00Z")),
            Some(SignedDuration::from_secs(5))
        );
    }

    #[test]
    fn a_per_second_limit_without_retry_after_gives_no_advice() {
        let mut headers = HeaderMap::new();
        headers.insert(RATE_LIMIT_TYPE, HeaderValue::from_static("QPS"));
        assert_eq!(
            wait_after_429(&headers, "Too many requests", at("2026-03-01T12:00:00Z")),
            None
        );
    }
}
