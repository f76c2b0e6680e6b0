//! "Is anything wrong today?": the admin overview's counts, and the lists
//! each count links to, counted and paged in the store by the same rules.

use crate::model::Job;
use crate::ports::{
    ClinicOverview, Clock, JobTrouble, OverviewCounts, OverviewWindow, PaymentRecord, StoreError,
};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

pub const PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct Overview {
    store: Arc<dyn ClinicOverview>,
    clock: Arc<dyn Clock>,
    zone: TimeZone,
    /// A payment pending longer than this needs attention
    /// (`payments.reconcile_after_minutes`).
    reconcile_after: SignedDuration,
}

/// The counts, with the clinic's day they are about.
#[derive(Debug, Clone)]
pub struct TodayOverview {
    pub today: Date,
    pub counts: OverviewCounts,
}

impl Overview {
    pub fn new(
        store: Arc<dyn ClinicOverview>,
        clock: Arc<dyn Clock>,
        zone: TimeZone,
        reconcile_after: SignedDuration,
    ) -> Self {
        Self {
            store,
            clock,
            zone,
            reconcile_after,
        }
    }

    fn stale_before(&self, now: Timestamp) -> Timestamp {
        now.checked_sub(self.reconcile_after).unwrap_or(now)
    }

    pub async fn today(&self) -> Result<TodayOverview, StoreError> {
        let now = self.clock.now();
        let today = now.to_zoned(self.zone.clone()).date();
        let start = |day: Date| {
            day.to_zoned(self.zone.clone())
                .map(|z| z.timestamp())
                .map_err(|e| StoreError::Unexpected(e.to_string()))
        };
        let tomorrow = today
            .tomorrow()
            .map_err(|e| StoreError::Unexpected(e.to_string()))?;
        let counts = self
            .store
            .overview_counts(OverviewWindow {
                day_start: start(today)?,
                day_end: start(tomorrow)?,
                stale_before: self.stale_before(now),
            })
            .await?;
        Ok(TodayOverview { today, counts })
    }

    /// The jobs counted under `trouble`: a page of them, and their number.
    pub async fn troubled_jobs(
        &self,
        trouble: JobTrouble,
        page: i64,
    ) -> Result<(Vec<Job>, i64), StoreError> {
        self.store
            .troubled_jobs(
                trouble,
                PER_PAGE,
                (page.max(1) - 1).saturating_mul(PER_PAGE),
            )
            .await
    }

    /// Payments, newest first: only those needing attention when asked.
    pub async fn payments(
        &self,
        attention: bool,
        page: i64,
    ) -> Result<(Vec<PaymentRecord>, i64), StoreError> {
        let before = attention.then(|| self.stale_before(self.clock.now()));
        self.store
            .payment_list(before, PER_PAGE, (page.max(1) - 1).saturating_mul(PER_PAGE))
            .await
    }
}
