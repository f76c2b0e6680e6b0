//! Throttle counters: counted by account, client or both, within a window.

use crate::support::{at, test_db};
use consulta_domain::ports::{AttemptKind, AttemptWindow};
use jiff::SignedDuration;

#[tokio::test]
async fn attempts_are_counted_by_account_client_and_time() {
    let t = test_db();
    let attempts = &t.ports.attempts;
    let failure = AttemptKind::LoginFailure;
    let t0 = at("2026-01-01T10:00:00Z");
    let record = [
        ("ana@x.org", "10.0.0.1", 0),
        ("ana@x.org", "10.0.0.1", 1),
        ("ana@x.org", "10.0.0.2", 2),
        ("bob@x.org", "10.0.0.1", 3),
        ("ana@x.org", "10.0.0.1", 30),
    ];
    for (account, client, minute) in record {
        attempts
            .record_attempt(
                failure,
                Some(account),
                client,
                t0 + SignedDuration::from_mins(minute),
            )
            .await
            .unwrap();
    }
    attempts
        .record_attempt(AttemptKind::Registration, None, "10.0.0.1", t0)
        .await
        .unwrap();

    let cases = [
        (
            Some("ana@x.org"),
            Some("10.0.0.1"),
            0,
            3,
            0,
            "account and client",
        ),
        (Some("ana@x.org"), None, 0, 4, 0, "account from any client"),
        (None, Some("10.0.0.1"), 0, 4, 0, "client for any account"),
        (
            Some("ana@x.org"),
            Some("10.0.0.1"),
            1,
            2,
            1,
            "since a later instant",
        ),
        (Some("carol@x.org"), None, 0, 0, -1, "no attempts"),
    ];
    for (account, client, since, count, oldest, why) in cases {
        let window = attempts
            .count_attempts(
                failure,
                account,
                client,
                t0 + SignedDuration::from_mins(since),
            )
            .await
            .unwrap();
        let expected = AttemptWindow {
            count,
            oldest: (oldest >= 0).then(|| t0 + SignedDuration::from_mins(oldest)),
        };
        assert_eq!(window, expected, "{why}");
    }
    let registrations = attempts
        .count_attempts(AttemptKind::Registration, None, Some("10.0.0.1"), t0)
        .await
        .unwrap();
    assert_eq!(registrations.count, 1, "kinds are counted apart");
}

#[tokio::test]
async fn clearing_forgets_one_account_from_one_client() {
    let t = test_db();
    let attempts = &t.ports.attempts;
    let failure = AttemptKind::LoginFailure;
    let t0 = at("2026-01-01T10:00:00Z");
    for (account, client) in [
        ("ana@x.org", "c1"),
        ("ana@x.org", "c2"),
        ("bob@x.org", "c1"),
    ] {
        attempts
            .record_attempt(failure, Some(account), client, t0)
            .await
            .unwrap();
    }
    attempts
        .clear_attempts(failure, "ana@x.org", "c1")
        .await
        .unwrap();
    let count = |account, client| async move {
        attempts
            .count_attempts(failure, account, client, t0)
            .await
            .unwrap()
            .count
    };
    assert_eq!(count(Some("ana@x.org"), Some("c1")).await, 0);
    assert_eq!(count(Some("ana@x.org"), Some("c2")).await, 1);
    assert_eq!(count(Some("bob@x.org"), Some("c1")).await, 1);
}
