//! The jobs as staff see them (what failed for good, what is waiting), and
//! what staff may do with one: run a dead job again, or cancel one. Both are
//! audited.

use crate::model::{AccountRef, Job, JobId, JobState, StaffId};
use crate::ports::{AuditEntry, AuditLog, Clock, Outbox, StoreError};
use crate::services::Cause;
use std::sync::Arc;

#[derive(Clone)]
pub struct JobBoard {
    outbox: Arc<dyn Outbox>,
    audit: Arc<dyn AuditLog>,
    clock: Arc<dyn Clock>,
}

/// The most jobs one list shows.
const SHOWN: i64 = 100;

#[derive(Debug, thiserror::Error)]
pub enum JobActionError {
    #[error("no such job")]
    NotFound,
    /// Only a dead (or cancelled) job runs again; a done one never does.
    #[error("A job that is {0} cannot be run again.")]
    CannotRetry(&'static str),
    #[error("A job that is {0} cannot be cancelled.")]
    CannotCancel(&'static str),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for JobActionError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => JobActionError::NotFound,
            other => JobActionError::Unexpected(other.into()),
        }
    }
}

impl JobBoard {
    pub fn new(outbox: Arc<dyn Outbox>, audit: Arc<dyn AuditLog>, clock: Arc<dyn Clock>) -> Self {
        Self {
            outbox,
            audit,
            clock,
        }
    }

    /// Jobs that failed for good, newest first.
    pub async fn dead(&self) -> Result<Vec<Job>, StoreError> {
        self.outbox.jobs(JobState::Dead, SHOWN).await
    }

    /// Jobs waiting to run, retrying ones among them, newest first.
    pub async fn waiting(&self) -> Result<Vec<Job>, StoreError> {
        self.outbox.jobs(JobState::Pending, SHOWN).await
    }

    /// Jobs finished lately (mails sent, meetings made), newest first.
    pub async fn done(&self) -> Result<Vec<Job>, StoreError> {
        self.outbox.jobs(JobState::Done, SHOWN).await
    }

    pub async fn job(&self, id: JobId) -> Result<Option<Job>, StoreError> {
        self.outbox.job(id).await
    }

    /// A dead or cancelled job runs again now, its failures kept in its count.
    pub async fn retry(
        &self,
        staff: StaffId,
        id: JobId,
        client: Option<String>,
    ) -> Result<Job, JobActionError> {
        let job = self.outbox.job(id).await?.ok_or(JobActionError::NotFound)?;
        if !matches!(job.state, JobState::Dead | JobState::Cancelled) {
            return Err(JobActionError::CannotRetry(job.shown_state()));
        }
        let now = self.clock.now();
        if !self.outbox.revive(id, now).await? {
            return Err(JobActionError::CannotRetry("no longer dead"));
        }
        self.audited(staff, "job.retried", &job, client).await?;
        Ok(job)
    }

    /// A waiting or dead job will not run: an admin's choice.
    pub async fn cancel(
        &self,
        staff: StaffId,
        id: JobId,
        client: Option<String>,
    ) -> Result<Job, JobActionError> {
        let job = self.outbox.job(id).await?.ok_or(JobActionError::NotFound)?;
        if !matches!(job.state, JobState::Pending | JobState::Dead) {
            return Err(JobActionError::CannotCancel(job.shown_state()));
        }
        if !self.outbox.cancel(id, self.clock.now()).await? {
            return Err(JobActionError::CannotCancel("finished meanwhile"));
        }
        self.audited(staff, "job.cancelled", &job, client).await?;
        Ok(job)
    }

    async fn audited(
        &self,
        staff: StaffId,
        action: &str,
        job: &Job,
        client: Option<String>,
    ) -> Result<(), StoreError> {
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(AccountRef::Staff(staff)),
                action: action.into(),
                subject: Some(match job.appointment {
                    Some(appointment) => format!("job:{} appointment:{appointment}", job.id),
                    None => format!("job:{}", job.id),
                }),
                client,
            })
            .await
    }
}
