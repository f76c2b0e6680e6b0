//! The outbox: leased claims, expired leases, done jobs across restarts,
//! retries with backoff, the dead state, and sent mails.

use crate::fixtures::{booking, doctor, now, patients};
use crate::support::{test_db, TestDb};
use consulta_domain::model::{Dedupe, Job, JobId, JobKind, JobOutcome, JobState, NewJob};
use consulta_domain::ports::Outbox;
use consulta_persistence::{Database, DatabaseOptions, SqliteStore};
use diesel::RunQueryDsl;
use jiff::SignedDuration;
use std::collections::HashSet;
use std::sync::Arc;

const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// Claims one due job at `at`, if any.
async fn claim_one(outbox: &Arc<dyn Outbox>, at: jiff::Timestamp) -> Option<Job> {
    outbox.claim(at, LEASE, 1).await.unwrap().pop()
}

async fn complete(outbox: &Arc<dyn Outbox>, id: JobId) {
    outbox
        .finish(vec![(id, JobOutcome::Done)], now())
        .await
        .unwrap();
}

/// Books `count` appointments, each with its two jobs due at `now()`.
async fn with_jobs(t: &TestDb, count: usize) {
    let d = doctor(t, "Dr Jobs").await;
    for (n, p) in patients(t, count).await.into_iter().enumerate() {
        let start = format!("2026-06-{:02}T03:00:00Z", n + 2);
        t.ports
            .booking
            .book(booking(p, d, &start, 30))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_never_get_the_same_job() {
    let t = test_db();
    with_jobs(&t, 10).await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let outbox = t.ports.outbox.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(job) = claim_one(&outbox, now()).await {
                    mine.push(job.id);
                }
                mine
            })
        })
        .collect();
    let mut seen = HashSet::new();
    for task in tasks {
        for id in task.await.unwrap() {
            assert!(seen.insert(id), "job {id} was handed out twice");
        }
    }
    assert_eq!(seen.len(), 20);
}

#[tokio::test]
async fn a_job_whose_lease_ran_out_is_claimed_again() {
    let t = test_db();
    with_jobs(&t, 1).await;
    let outbox = &t.ports.outbox;
    let first = claim_one(outbox, now()).await.unwrap();
    assert_eq!(first.kind, JobKind::CreateMeeting, "oldest first, by id");
    assert_eq!(first.locked_until, Some(now() + LEASE));
    let second = claim_one(outbox, now()).await.unwrap();
    assert_ne!(second.id, first.id);
    assert!(claim_one(outbox, now()).await.is_none());
    // The worker holding `first` crashed: once its lease ends it is free.
    let later = now() + LEASE;
    let again = claim_one(outbox, later).await.unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.attempts, 0, "a crash is not a recorded attempt");
}

#[tokio::test]
async fn a_done_job_is_never_claimed_again_even_after_reopening() {
    let t = test_db();
    with_jobs(&t, 1).await;
    let outbox = &t.ports.outbox;
    let mut done = Vec::new();
    while let Some(job) = claim_one(outbox, now()).await {
        complete(outbox, job.id).await;
        done.push(job.id);
    }
    assert_eq!(done.len(), 2);
    // A late failure report from a worker whose lease had run out changes nothing.
    outbox
        .finish(
            vec![(
                done[0],
                JobOutcome::RetryAt {
                    at: now(),
                    error: "timeout".into(),
                },
            )],
            now(),
        )
        .await
        .unwrap();
    let far = now() + SignedDuration::from_hours(24 * 365);
    assert!(claim_one(outbox, far).await.is_none());

    let reopened = Database::open(&t.path, DatabaseOptions::with_data_key(t.key.clone())).unwrap();
    let ports = SqliteStore::new(reopened).unwrap().ports();
    assert!(claim_one(&ports.outbox, far).await.is_none());
    let finished = ports.outbox.jobs(JobState::Done, 10).await.unwrap();
    assert_eq!(finished.len(), 2);
    assert!(finished.iter().all(|j| j.locked_until.is_none()));
    // An outcome for a job that does not exist changes nothing.
    complete(&ports.outbox, JobId::new(9999)).await;
    assert_eq!(
        ports.outbox.jobs(JobState::Done, 10).await.unwrap().len(),
        2
    );
}

#[tokio::test]
async fn a_failed_job_waits_for_its_retry_and_dies_when_told() {
    let t = test_db();
    with_jobs(&t, 1).await;
    let outbox = &t.ports.outbox;
    let job = claim_one(outbox, now()).await.unwrap();
    let retry_at = now() + SignedDuration::from_mins(5);
    outbox
        .finish(
            vec![(
                job.id,
                JobOutcome::RetryAt {
                    at: retry_at,
                    error: "smtp: connection refused".into(),
                },
            )],
            now(),
        )
        .await
        .unwrap();
    // Only the other job is due before the backoff ends.
    let other = claim_one(outbox, now()).await.unwrap();
    assert_ne!(other.id, job.id);
    complete(outbox, other.id).await;
    let early = retry_at - SignedDuration::from_secs(1);
    assert!(claim_one(outbox, early).await.is_none());

    let retried = claim_one(outbox, retry_at).await.unwrap();
    assert_eq!(retried.id, job.id);
    assert_eq!(retried.attempts, 1);
    assert_eq!(retried.run_at, retry_at);
    assert_eq!(
        retried.last_error.as_deref(),
        Some("smtp: connection refused")
    );

    outbox
        .finish(
            vec![(
                job.id,
                JobOutcome::Dead {
                    reason: "still refused".into(),
                },
            )],
            now(),
        )
        .await
        .unwrap();
    let far = now() + SignedDuration::from_hours(24 * 365);
    // Only the alert to admins about it is left to run.
    let alert = claim_one(outbox, far).await.unwrap();
    assert_eq!(alert.kind, JobKind::SendAdminAlert);
    assert!(claim_one(outbox, far).await.is_none());
    let dead = outbox.jobs(JobState::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].id, job.id);
    assert_eq!(dead[0].attempts, 2);
    assert_eq!(dead[0].state, JobState::Dead);
    assert_eq!(dead[0].last_error.as_deref(), Some("still refused"));
    assert!(dead[0].locked_until.is_none());
}

#[tokio::test]
async fn a_mail_is_recorded_as_sent_once() {
    let t = test_db();
    let outbox = &t.ports.outbox;
    let id = "<appointment-1.confirmation@consulta.local>";
    assert!(!outbox.mail_sent(id).await.unwrap());
    outbox.record_mail_sent(id, now()).await.unwrap();
    outbox.record_mail_sent(id, now()).await.unwrap();
    assert!(outbox.mail_sent(id).await.unwrap());
    assert!(!outbox.mail_sent("<other@consulta.local>").await.unwrap());
}

#[tokio::test]
async fn a_job_of_an_unknown_kind_dies_instead_of_blocking_the_queue() {
    let t = test_db();
    with_jobs(&t, 1).await;
    diesel::sql_query(
        "INSERT INTO outbox_jobs (kind, appointment_id, run_at, created_at, updated_at) \
         SELECT 'from_the_future', id, 0, 0, 0 FROM appointments LIMIT 1",
    )
    .execute(&mut t.raw())
    .unwrap();
    let outbox = &t.ports.outbox;
    let job = claim_one(outbox, now()).await.unwrap();
    assert_eq!(job.kind, JobKind::CreateMeeting);
    let state: Vec<(String, Option<String>)> = diesel::sql_query(
        "SELECT state, last_error FROM outbox_jobs WHERE kind = 'from_the_future'",
    )
    .load::<KindState>(&mut t.raw())
    .unwrap()
    .into_iter()
    .map(|r| (r.state, r.last_error))
    .collect();
    assert_eq!(state.len(), 1);
    assert_eq!(state[0].0, "dead");
    assert!(state[0].1.as_deref().unwrap().contains("from_the_future"));
    assert!(outbox.jobs(JobState::Dead, 10).await.unwrap().is_empty());
}

#[derive(diesel::QueryableByName)]
struct KindState {
    #[diesel(sql_type = diesel::sql_types::Text)]
    state: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    last_error: Option<String>,
}

#[tokio::test]
async fn a_claim_takes_a_batch_up_to_its_limit_earliest_due_first() {
    let t = test_db();
    with_jobs(&t, 5).await;
    let outbox = &t.ports.outbox;
    let batch = outbox.claim(now(), LEASE, 4).await.unwrap();
    assert_eq!(batch.len(), 4);
    assert!(batch
        .windows(2)
        .all(|w| (w[0].run_at, w[0].id) <= (w[1].run_at, w[1].id)));
    let rest = outbox.claim(now(), LEASE, 100).await.unwrap();
    assert_eq!(rest.len(), 6, "the other jobs, none of the leased ones");
    assert!(rest.iter().all(|j| batch.iter().all(|b| b.id != j.id)));
}

#[tokio::test]
async fn not_yet_moves_a_job_without_spending_an_attempt() {
    let t = test_db();
    with_jobs(&t, 1).await;
    let outbox = &t.ports.outbox;
    let job = claim_one(outbox, now()).await.unwrap();
    let later = now() + SignedDuration::from_mins(5);
    outbox
        .finish(vec![(job.id, JobOutcome::NotYet { at: later })], now())
        .await
        .unwrap();
    let other = claim_one(outbox, now()).await.unwrap();
    assert_ne!(other.id, job.id, "the job waits until {later}");
    complete(outbox, other.id).await;
    let again = claim_one(outbox, later).await.unwrap();
    assert_eq!(again.id, job.id);
    assert_eq!(again.attempts, 0, "waiting is not a failure");
    assert_eq!(again.last_error, None);
}

fn periodic(key: &str, at: jiff::Timestamp) -> NewJob {
    NewJob {
        kind: JobKind::PruneSessions,
        appointment: None,
        account: None,
        payload: Default::default(),
        dedupe: Dedupe::Key(key.into()),
        run_at: at,
    }
}

#[tokio::test]
async fn the_same_effect_enqueued_twice_is_one_job_brought_forward_not_repeated() {
    let t = test_db();
    let outbox = &t.ports.outbox;
    let later = now() + SignedDuration::from_hours(1);
    outbox
        .enqueue(vec![periodic("k", later)], now())
        .await
        .unwrap();
    outbox
        .enqueue(vec![periodic("k", later), periodic("k", now())], now())
        .await
        .unwrap();
    let pending = outbox.jobs(JobState::Pending, 10).await.unwrap();
    assert_eq!(pending.len(), 1, "one job per kind and key");
    assert_eq!(
        pending[0].run_at,
        now(),
        "brought forward to the earlier time"
    );

    let job = claim_one(outbox, now()).await.unwrap();
    complete(outbox, job.id).await;
    outbox
        .enqueue(vec![periodic("k", now())], now())
        .await
        .unwrap();
    assert!(claim_one(outbox, later).await.is_none(), "done stays done");
    outbox
        .enqueue(vec![periodic("other", now())], now())
        .await
        .unwrap();
    assert!(
        claim_one(outbox, now()).await.is_some(),
        "another key is another job"
    );
}
