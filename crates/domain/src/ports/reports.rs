//! The figures of the admin reports, aggregated by the store (GROUP BY in
//! SQL), never by loading every row. Periods and windows are instants the
//! use case worked out from local dates; the store only counts and sums.

use crate::model::{Currency, DoctorId};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// One bucket of a report: `[from, until)`, numbered in the order asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub seq: i64,
    pub from: Timestamp,
    pub until: Timestamp,
}

/// One doctor's own `[from, until)`: the report's days in the doctor's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoctorWindow {
    pub doctor: DoctorId,
    pub from: Timestamp,
    pub until: Timestamp,
}

/// Appointments that held their slot (confirmed, completed, no-show) starting
/// in the period `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodCount {
    pub seq: i64,
    pub count: i64,
}

/// Appointments that held their slot, per doctor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorCount {
    pub doctor: DoctorId,
    pub name: String,
    pub count: i64,
}

/// Money that came in and went back in one period, through one provider, in
/// one currency (minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueSum {
    pub seq: i64,
    pub provider: String,
    pub currency: Currency,
    /// Payments paid in the period (by their paid instant), whatever happened later.
    pub paid_minor: i64,
    /// Refunds made in the period (by their own instant).
    pub refunded_minor: i64,
}

/// How one doctor's appointments in a range ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub doctor: DoctorId,
    pub name: String,
    /// Confirmed, completed, no-show or cancelled: every booking that was made
    /// (holds that expired unpaid are not bookings).
    pub booked: i64,
    pub cancelled: i64,
    pub completed: i64,
    pub no_show: i64,
}

/// Seconds of appointments that held their slot, per doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookedTime {
    pub doctor: DoctorId,
    pub seconds: i64,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// One count per period asked (zero included), in `seq` order, of
    /// confirmed, completed and no-show appointments starting in it.
    async fn appointments_per_period(
        &self,
        periods: &[Period],
    ) -> Result<Vec<PeriodCount>, StoreError>;

    /// Confirmed, completed and no-show appointments starting in `[from,
    /// until)`, per doctor who has any, by the doctor's name.
    async fn appointments_per_doctor(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<DoctorCount>, StoreError>;

    /// Paid payments by their paid instant and refunds by theirs, summed per
    /// period, provider and currency; only combinations with money, by `seq`,
    /// provider, currency.
    async fn revenue_per_period(&self, periods: &[Period]) -> Result<Vec<RevenueSum>, StoreError>;

    /// Bookings starting in `[from, until)` and how they ended, per doctor who
    /// has any, by the doctor's name.
    async fn outcomes_per_doctor(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<OutcomeCounts>, StoreError>;

    /// Per window, the summed length of the doctor's confirmed, completed and
    /// no-show appointments starting in it; doctors with none are left out.
    async fn booked_time(&self, windows: &[DoctorWindow]) -> Result<Vec<BookedTime>, StoreError>;
}
