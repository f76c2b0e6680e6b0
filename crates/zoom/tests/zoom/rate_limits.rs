//! 429s: Zoom's Retry-After honoured, the daily limit waited out until 00:00 UTC.

use crate::support::{consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::{ZoomFake, DAILY_LIMIT_MESSAGE};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use wiremock::ResponseTemplate;

const CREATE: &str = "^/v2/users/[^/]+/meetings$";

fn too_many(message: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({ "code": 429, "message": message }))
}

fn retry_after(error: MeetingError) -> Option<SignedDuration> {
    match error {
        MeetingError::Temporary { retry_after, .. } => retry_after,
        MeetingError::Permanent(m) => panic!("a 429 must be temporary, got Permanent({m})"),
    }
}

fn until_midnight_utc(now: Timestamp) -> SignedDuration {
    let tomorrow = now.to_zoned(TimeZone::UTC).date().tomorrow().unwrap();
    tomorrow
        .to_zoned(TimeZone::UTC)
        .unwrap()
        .timestamp()
        .duration_since(now)
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_is_temporary_for_that_long() {
    let fake = ZoomFake::start().await;
    let answer = too_many("Too many requests").insert_header("Retry-After", "7");
    fake.fail_next("POST", CREATE, answer).await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    assert_eq!(retry_after(error), Some(SignedDuration::from_secs(7)));
}

#[tokio::test]
async fn a_429_with_retry_after_as_a_date_time_waits_until_then() {
    let fake = ZoomFake::start().await;
    let until = Timestamp::now()
        .checked_add(SignedDuration::from_hours(2))
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let answer = too_many("Too many requests")
        .insert_header("X-RateLimit-Type", "Daily-limit")
        .insert_header("Retry-After", until.as_str());
    fake.fail_next("POST", CREATE, answer).await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    let wait = retry_after(error).unwrap();
    let two_hours = SignedDuration::from_hours(2);
    assert!(
        wait <= two_hours && wait > two_hours - SignedDuration::from_secs(10),
        "waits {wait:?} for a Retry-After two hours ahead"
    );
}

#[tokio::test]
async fn the_daily_limit_message_without_headers_waits_until_the_next_midnight_utc() {
    let fake = ZoomFake::start().await;
    fake.fail_next("POST", CREATE, too_many(DAILY_LIMIT_MESSAGE))
        .await;

    let before = Timestamp::now();
    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();
    let after = Timestamp::now();

    let wait = retry_after(error).unwrap();
    assert!(
        wait <= until_midnight_utc(before) && wait >= until_midnight_utc(after),
        "waits {wait:?}, midnight UTC is {:?} away",
        until_midnight_utc(after)
    );
}

#[tokio::test]
async fn a_429_without_retry_after_or_daily_wording_gives_no_advice() {
    let fake = ZoomFake::start().await;
    let answer = too_many("Too many requests").insert_header("X-RateLimit-Type", "QPS");
    fake.fail_next("POST", CREATE, answer).await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    assert_eq!(retry_after(error), None);
}
