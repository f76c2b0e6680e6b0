//! The outbox: side effects as job rows, written with the change that causes
//! them and run by a worker with a lease; see `model::job`.

use crate::model::{AppointmentId, Job, JobId, JobOutcome, JobState, NewJob};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

#[async_trait]
pub trait Outbox: Send + Sync {
    /// Takes up to `limit` pending jobs due at `now` whose lease is free or
    /// expired, the earliest due first, leasing each until `now + lease`, in
    /// one write. Two workers never get the same job while its lease runs. A
    /// job this version cannot read (an unknown kind or payload) is marked
    /// dead with the reason instead of blocking the queue.
    async fn claim(
        &self,
        now: Timestamp,
        lease: SignedDuration,
        limit: usize,
    ) -> Result<Vec<Job>, StoreError>;

    /// Records what running the jobs came to, all in one write. Only a job
    /// still pending changes: one finished meanwhile by a worker that took it
    /// over, or cancelled by an admin, stays as it is.
    async fn finish(
        &self,
        outcomes: Vec<(JobId, JobOutcome)>,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Enqueues jobs that are not part of another change (periodic jobs,
    /// start-up), with the same dedupe rule as everywhere: a key already
    /// pending is only brought forward, a key already done writes nothing.
    async fn enqueue(&self, jobs: Vec<NewJob>, now: Timestamp) -> Result<(), StoreError>;

    /// Whether a mail with this Message-ID was already sent (at-least-once
    /// delivery must not mail twice).
    async fn mail_sent(&self, message_id: &str) -> Result<bool, StoreError>;

    async fn record_mail_sent(&self, message_id: &str, at: Timestamp) -> Result<(), StoreError>;

    async fn job(&self, id: JobId) -> Result<Option<Job>, StoreError>;

    /// A dead or cancelled job back to pending, due at `now`; `false` when it
    /// was in neither state (nothing written).
    async fn revive(&self, id: JobId, now: Timestamp) -> Result<bool, StoreError>;

    /// A pending or dead job to cancelled; `false` when it was in neither
    /// state (a done job stays done).
    async fn cancel(&self, id: JobId, now: Timestamp) -> Result<bool, StoreError>;

    /// Every job about the appointment, oldest first.
    async fn jobs_of_appointment(&self, id: AppointmentId) -> Result<Vec<Job>, StoreError>;

    /// Jobs in a state, newest first, for the admin panel and tests.
    async fn jobs(&self, state: JobState, limit: i64) -> Result<Vec<Job>, StoreError>;
}
