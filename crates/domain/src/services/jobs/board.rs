//! The jobs as staff see them: what failed for good and what is waiting.

use crate::model::{Job, JobState};
use crate::ports::{Outbox, StoreError};
use std::sync::Arc;

#[derive(Clone)]
pub struct JobBoard {
    outbox: Arc<dyn Outbox>,
}

/// The most jobs one list shows.
const SHOWN: i64 = 100;

impl JobBoard {
    pub fn new(outbox: Arc<dyn Outbox>) -> Self {
        Self { outbox }
    }

    /// Jobs that failed for good, newest first.
    pub async fn dead(&self) -> Result<Vec<Job>, StoreError> {
        self.outbox.jobs(JobState::Dead, SHOWN).await
    }

    /// Jobs waiting to run, retrying ones among them, newest first.
    pub async fn waiting(&self) -> Result<Vec<Job>, StoreError> {
        self.outbox.jobs(JobState::Pending, SHOWN).await
    }
}
