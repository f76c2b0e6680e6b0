//! What the admin overview counts, and the lists its counts link to.

use crate::model::Job;
use crate::ports::{PaymentRecord, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;

/// The instants the overview's questions turn on.
#[derive(Debug, Clone, Copy)]
pub struct OverviewWindow {
    /// Today in the clinic's zone: [day_start, day_end).
    pub day_start: Timestamp,
    pub day_end: Timestamp,
    /// A payment pending since this instant or earlier needs attention.
    pub stale_before: Timestamp,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OverviewCounts {
    /// Appointments starting today, whatever their status.
    pub today: i64,
    /// Appointments held awaiting payment (`pending_payment`).
    pub holds: i64,
    /// Payments flagged, or pending since `stale_before` or earlier.
    pub payments_attention: i64,
    /// Mail and meeting jobs dead or retrying.
    pub failed_deliveries: i64,
    /// Jobs of any kind that failed for good.
    pub dead_jobs: i64,
}

impl OverviewCounts {
    /// Nothing anyone must look at (today's appointments are not trouble).
    pub fn all_well(&self) -> bool {
        self.holds == 0
            && self.payments_attention == 0
            && self.failed_deliveries == 0
            && self.dead_jobs == 0
    }
}

/// Which jobs an attention list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobTrouble {
    /// Dead jobs of any kind.
    Dead,
    /// Mail and meeting jobs that are dead or retrying.
    FailedDeliveries,
}

#[async_trait]
pub trait ClinicOverview: Send + Sync {
    async fn overview_counts(&self, window: OverviewWindow) -> Result<OverviewCounts, StoreError>;

    /// The jobs counted under `trouble`, newest first, with their number.
    async fn troubled_jobs(
        &self,
        trouble: JobTrouble,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Job>, i64), StoreError>;

    /// Payments, newest first, with their number: only those needing
    /// attention when `attention_before` is given (flagged, or pending since
    /// then or earlier).
    async fn payment_list(
        &self,
        attention_before: Option<Timestamp>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRecord>, i64), StoreError>;
}
