//! The background worker: the polling loop and its concurrency only. It
//! claims due jobs in batches, runs up to `jobs.workers` at once, and records
//! their outcomes in batches; what a job does is a use case in
//! `consulta_domain::services::jobs`.

use consulta_domain::model::{Job, JobId, JobOutcome};
use consulta_domain::ports::{Clock, Outbox};
use consulta_domain::services::jobs::JobRunner;
use jiff::SignedDuration;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinSet;
use tracing::Instrument;

/// How long a worker owns a claimed job before another may take it over. It
/// covers a batch waiting its turn: at most `CLAIM_PER_WORKER` jobs per
/// worker, each bounded by its provider's timeout (15 to 30 s).
const LEASE: SignedDuration = SignedDuration::from_secs(5 * 60);

/// Jobs claimed per worker in one claim: enough that a burst is claimed in
/// a few writes, few enough that the batch starts well within its lease.
const CLAIM_PER_WORKER: usize = 4;

pub struct Worker {
    pub outbox: Arc<dyn Outbox>,
    pub runner: JobRunner,
    pub clock: Arc<dyn Clock>,
    /// Jobs run at once.
    pub workers: usize,
    /// How often an idle worker looks for due jobs.
    pub poll: Duration,
}

impl Worker {
    /// Runs jobs until the task is dropped.
    pub async fn run(self) {
        let workers = self.workers.max(1);
        // Outcomes are recorded by a task of their own, many per write, so
        // running jobs never waits for a commit. A recorded job is leased
        // until then, so no claim hands it out again meanwhile.
        let (outcomes, recorder) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(record(
            self.outbox.clone(),
            self.clock.clone(),
            recorder,
            self.poll,
        ));
        let mut queued: VecDeque<Job> = VecDeque::new();
        let mut running: JoinSet<(JobId, JobOutcome)> = JoinSet::new();
        loop {
            if queued.is_empty() {
                match self
                    .outbox
                    .claim(self.clock.now(), LEASE, workers * CLAIM_PER_WORKER)
                    .await
                {
                    Ok(jobs) => queued.extend(jobs),
                    Err(error) => tracing::error!(%error, "could not claim jobs"),
                }
            }
            while running.len() < workers {
                let Some(job) = queued.pop_front() else {
                    break;
                };
                let runner = self.runner.clone();
                let span = tracing::info_span!(
                    "job",
                    id = %job.id,
                    kind = job.kind.as_str(),
                    appointment = job.appointment.map(|a| a.get()),
                );
                running.spawn(
                    async move {
                        let outcome = runner.run(&job).await;
                        log_outcome(&job, &outcome);
                        (job.id, outcome)
                    }
                    .instrument(span),
                );
            }
            if running.is_empty() {
                tokio::time::sleep(self.poll).await;
                continue;
            }
            let mut next = running.join_next().await;
            while let Some(done) = next {
                match done {
                    Ok(outcome) => {
                        if outcomes.send(outcome).is_err() {
                            tracing::error!("the job recorder stopped; the worker stops");
                            return;
                        }
                    }
                    // Its lease ends and it runs again; each job is idempotent.
                    Err(error) => tracing::error!(%error, "a job panicked"),
                }
                next = running.try_join_next();
            }
        }
    }
}

/// The most outcomes one write records.
const RECORD_BATCH: usize = 256;

/// Records outcomes as they come, all that are waiting in one write.
async fn record(
    outbox: Arc<dyn Outbox>,
    clock: Arc<dyn Clock>,
    mut outcomes: tokio::sync::mpsc::UnboundedReceiver<(JobId, JobOutcome)>,
    pause: Duration,
) {
    let mut batch = Vec::with_capacity(RECORD_BATCH);
    while outcomes.recv_many(&mut batch, RECORD_BATCH).await > 0 {
        let finished = std::mem::take(&mut batch);
        if let Err(error) = outbox.finish(finished, clock.now()).await {
            // The jobs run again once their lease ends; each is idempotent.
            tracing::error!(%error, "could not record jobs' outcomes");
            tokio::time::sleep(pause).await;
        }
    }
}

fn log_outcome(job: &Job, outcome: &JobOutcome) {
    match outcome {
        JobOutcome::Done | JobOutcome::NotYet { .. } => {}
        JobOutcome::RetryAt { at, error } => {
            tracing::warn!(%error, attempts = job.attempts + 1, retry_at = %at, "job failed; will retry");
        }
        JobOutcome::Dead { reason } => {
            tracing::error!(%reason, attempts = job.attempts + 1, "job failed for good; it is dead");
        }
    }
}
