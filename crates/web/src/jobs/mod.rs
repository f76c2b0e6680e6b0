//! The outbox worker: claims due jobs with a lease and runs them, retrying
//! with backoff and leaving a job dead after too many failures.

mod mails;
mod run;

pub use mails::Mails;
pub use run::JobRunner;

use consulta_domain::ports::{Clock, Outbox};
use consulta_domain::services::retry::retry_delay;
use jiff::SignedDuration;
use rand::Rng;
use std::sync::Arc;
use std::time::Duration;

/// How long a worker owns a claimed job before another may take it over.
const LEASE: SignedDuration = SignedDuration::from_secs(120);

/// Why a job failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Temporary(String),
    #[error("{0}")]
    Permanent(String),
}

/// Runs jobs until the task is dropped. Idle, it looks for due jobs every `poll`.
pub async fn work(
    outbox: Arc<dyn Outbox>,
    runner: JobRunner,
    clock: Arc<dyn Clock>,
    poll: Duration,
) {
    loop {
        match outbox.claim(clock.now(), LEASE).await {
            Ok(Some(job)) => {
                let span = tracing::info_span!("job", id = job.id, kind = job.kind.as_str(), appointment = %job.appointment);
                let _entered = span.enter();
                drop(_entered);
                let result = tracing::Instrument::instrument(runner.run(&job), span.clone()).await;
                let outcome = match result {
                    Ok(()) => outbox.complete(job.id, clock.now()).await,
                    Err(error) => {
                        let attempts = job.attempts + 1;
                        let retry_at = match &error {
                            JobError::Permanent(_) => None,
                            JobError::Temporary(_) => {
                                retry_delay(attempts, rand::thread_rng().gen::<f64>())
                                    .and_then(|delay| clock.now().checked_add(delay).ok())
                            }
                        };
                        span.in_scope(|| match retry_at {
                            Some(at) => tracing::warn!(%error, attempts, retry_at = %at, "job failed; will retry"),
                            None => tracing::error!(%error, attempts, "job failed for good; it is dead"),
                        });
                        outbox.fail(job.id, &error.to_string(), retry_at).await
                    }
                };
                if let Err(error) = outcome {
                    tracing::error!(%error, "could not record a job's outcome");
                    tokio::time::sleep(poll).await;
                }
            }
            Ok(None) => tokio::time::sleep(poll).await,
            Err(error) => {
                tracing::error!(%error, "could not claim a job");
                tokio::time::sleep(poll).await;
            }
        }
    }
}
