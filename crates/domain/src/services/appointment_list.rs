//! Staff's list of all appointments: filters by date range (the clinic's
//! days), doctor, status, payment status and patient, sorted and paged in the
//! store; and the same filters for a download of every matching row.

use crate::model::{AppointmentStatus, DoctorId, PaymentStatus};
use crate::ports::{AppointmentListing, AppointmentQuery, AppointmentSearch, StoreError};
use crate::services::Cause;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::sync::Arc;

/// Rows per page of the list.
pub const PER_PAGE: i64 = 50;

/// The most rows one download holds.
pub const MAX_EXPORT: i64 = 100_000;

/// Rows read per query while a download is written.
const EXPORT_CHUNK: i64 = 1_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// The clinic's local days, both included.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub doctor: Option<DoctorId>,
    pub status: Option<AppointmentStatus>,
    pub payment_status: Option<PaymentStatus>,
    pub patient: Option<String>,
    pub newest_first: bool,
    /// 1 for the first page.
    pub page: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("The date range ends before it starts.")]
    ReversedRange,
    #[error("The search for a patient can be at most 100 characters.")]
    PatientTooLong,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ListError {
    fn from(error: StoreError) -> Self {
        ListError::Unexpected(error.into())
    }
}

#[derive(Debug, Clone)]
pub struct AppointmentList {
    pub rows: Vec<AppointmentListing>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Clone)]
pub struct AppointmentLists {
    search: Arc<dyn AppointmentSearch>,
    /// The clinic's zone: a day of the filter is a day there.
    zone: TimeZone,
}

/// The first instant of `day` in `zone` (the start of the day, also on a
/// day that skips midnight).
fn start_of(day: Date, zone: &TimeZone) -> Option<Timestamp> {
    day.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
}

impl AppointmentLists {
    pub fn new(search: Arc<dyn AppointmentSearch>, zone: TimeZone) -> Self {
        Self { search, zone }
    }

    /// The zone whose days the filter's dates are.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    fn query(&self, filter: &ListFilter) -> Result<AppointmentQuery, ListError> {
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if to < from {
                return Err(ListError::ReversedRange);
            }
        }
        let patient = filter
            .patient
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        if patient.as_ref().is_some_and(|p| p.chars().count() > 100) {
            return Err(ListError::PatientTooLong);
        }
        Ok(AppointmentQuery {
            from: filter.from.and_then(|day| start_of(day, &self.zone)),
            until: filter
                .to
                .and_then(|day| day.tomorrow().ok())
                .and_then(|day| start_of(day, &self.zone)),
            doctor: filter.doctor,
            status: filter.status,
            payment_status: filter.payment_status,
            patient,
            newest_first: filter.newest_first,
            limit: PER_PAGE,
            offset: 0,
        })
    }

    /// One page; a page past the last shows the last.
    pub async fn page(&self, filter: &ListFilter) -> Result<AppointmentList, ListError> {
        let mut query = self.query(filter)?;
        let page = filter.page.max(1);
        query.offset = (page - 1).saturating_mul(PER_PAGE);
        let mut found = self.search.search_appointments(&query).await?;
        let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
        if page > pages {
            query.offset = (pages - 1) * PER_PAGE;
            found = self.search.search_appointments(&query).await?;
        }
        Ok(AppointmentList {
            rows: found.rows,
            total: found.total,
            page: page.min(pages),
            pages,
        })
    }

    /// Every matching row (at most `MAX_EXPORT`), read in chunks.
    pub async fn export(&self, filter: &ListFilter) -> Result<Vec<AppointmentListing>, ListError> {
        let mut query = self.query(filter)?;
        query.limit = EXPORT_CHUNK;
        let mut rows = Vec::new();
        loop {
            let found = self.search.search_appointments(&query).await?;
            let got = found.rows.len() as i64;
            rows.extend(found.rows);
            query.offset += got;
            if got < EXPORT_CHUNK || query.offset >= MAX_EXPORT {
                break;
            }
        }
        Ok(rows)
    }
}
