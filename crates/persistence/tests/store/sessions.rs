//! Sessions: creation, idle and absolute expiry, revocation.

use crate::support::{at, hash, patient, test_db, TestDb};
use consulta_domain::model::{AccountRef, PatientId};
use consulta_domain::ports::{NewSession, SessionRecord};
use jiff::{SignedDuration, Timestamp};

const IDLE: SignedDuration = SignedDuration::from_mins(30);
const ABSOLUTE: SignedDuration = SignedDuration::from_hours(12);

async fn start(t: &TestDb, token: &str, account: AccountRef, now: Timestamp) {
    t.ports
        .sessions
        .create_session(NewSession {
            token_hash: token.into(),
            account,
            csrf_token: format!("csrf-{token}"),
            at: now,
        })
        .await
        .unwrap();
}

async fn touch(t: &TestDb, token: &str, now: Timestamp) -> Option<SessionRecord> {
    t.ports
        .sessions
        .touch_session(token, now, now - IDLE, now - ABSOLUTE)
        .await
        .unwrap()
}

async fn new_patient(t: &TestDb, email: &str) -> AccountRef {
    let id = t
        .ports
        .accounts
        .create_patient(
            patient("P", email, ""),
            hash("p"),
            at("2026-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    AccountRef::Patient(id)
}

#[tokio::test]
async fn a_session_in_use_stays_alive_and_records_when_it_was_last_seen() {
    let t = test_db();
    let account = AccountRef::Patient(PatientId::new(1));
    let t0 = at("2026-01-01T10:00:00Z");
    start(&t, "tok", account, t0).await;
    let record = touch(&t, "tok", t0 + SignedDuration::from_mins(20))
        .await
        .unwrap();
    assert_eq!(record.account, account);
    assert_eq!(record.csrf_token, "csrf-tok");
    assert_eq!(record.created_at, t0);
    assert_eq!(record.last_seen_at, t0 + SignedDuration::from_mins(20));
    let soon = touch(&t, "tok", t0 + SignedDuration::from_secs(20 * 60 + 30))
        .await
        .unwrap();
    assert_eq!(
        soon.last_seen_at,
        t0 + SignedDuration::from_mins(20),
        "a touch within a minute writes nothing"
    );
    assert!(touch(&t, "unknown", t0).await.is_none());
}

#[tokio::test]
async fn an_idle_session_expires_and_is_deleted() {
    let t = test_db();
    let t0 = at("2026-01-01T10:00:00Z");
    start(&t, "tok", AccountRef::Patient(PatientId::new(1)), t0).await;
    assert!(touch(&t, "tok", t0 + SignedDuration::from_mins(30))
        .await
        .is_none());
    assert!(
        touch(&t, "tok", t0 + SignedDuration::from_mins(1))
            .await
            .is_none(),
        "an expired session is gone for good"
    );
}

#[tokio::test]
async fn a_session_expires_after_the_absolute_limit_even_when_in_use() {
    let t = test_db();
    let t0 = at("2026-01-01T10:00:00Z");
    start(&t, "tok", AccountRef::Patient(PatientId::new(1)), t0).await;
    let mut now = t0;
    while now < t0 + ABSOLUTE - SignedDuration::from_mins(20) {
        now += SignedDuration::from_mins(20);
        assert!(touch(&t, "tok", now).await.is_some(), "alive at {now}");
    }
    assert!(touch(&t, "tok", t0 + ABSOLUTE).await.is_none());
}

#[tokio::test]
async fn changing_the_password_revokes_every_session_of_that_account_only() {
    let t = test_db();
    let ana = new_patient(&t, "ana@example.com").await;
    let bob = new_patient(&t, "bob@example.com").await;
    let t0 = at("2026-01-01T10:00:00Z");
    start(&t, "ana-laptop", ana, t0).await;
    start(&t, "ana-phone", ana, t0).await;
    start(&t, "bob", bob, t0).await;

    t.ports
        .accounts
        .change_password(ana, hash("new"))
        .await
        .unwrap();

    let later = t0 + SignedDuration::from_mins(5);
    assert!(touch(&t, "ana-laptop", later).await.is_none());
    assert!(touch(&t, "ana-phone", later).await.is_none());
    assert!(touch(&t, "bob", later).await.is_some());
}

#[tokio::test]
async fn logging_out_deletes_one_session_and_revoking_deletes_all() {
    let t = test_db();
    let ana = new_patient(&t, "ana@example.com").await;
    let t0 = at("2026-01-01T10:00:00Z");
    start(&t, "a1", ana, t0).await;
    start(&t, "a2", ana, t0).await;
    start(&t, "a3", ana, t0).await;
    t.ports.sessions.delete_session("a1").await.unwrap();
    assert!(touch(&t, "a1", t0).await.is_none());
    assert!(touch(&t, "a2", t0).await.is_some());
    t.ports.sessions.delete_sessions_of(ana).await.unwrap();
    assert!(touch(&t, "a2", t0).await.is_none());
    assert!(touch(&t, "a3", t0).await.is_none());
}
