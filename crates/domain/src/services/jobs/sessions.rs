//! Deleting sessions past their idle or absolute expiry, every hour.

use super::effects::{prune_sessions_at, PRUNE_SESSIONS_EVERY};
use super::{Fault, JobRunner};
use crate::model::JobOutcome;

impl JobRunner {
    pub(super) async fn prune_sessions(&self) -> Result<JobOutcome, Fault> {
        let now = self.now();
        let idle_cutoff = now.saturating_sub(self.policy.session_idle).unwrap_or(now);
        let absolute_cutoff = now
            .saturating_sub(self.policy.session_absolute)
            .unwrap_or(now);
        self.ports
            .sessions
            .prune_sessions(idle_cutoff, absolute_cutoff)
            .await?;
        let next = now.saturating_add(PRUNE_SESSIONS_EVERY).unwrap_or(now);
        self.ports
            .outbox
            .enqueue(vec![prune_sessions_at(next)], now)
            .await?;
        Ok(JobOutcome::Done)
    }
}
