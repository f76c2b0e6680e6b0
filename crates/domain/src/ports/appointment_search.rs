//! Staff's search over all appointments: filters, sorting and pages done by
//! the store (in SQL), never by loading everything.

use crate::model::{Appointment, AppointmentStatus, DoctorId, PaymentStatus};
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// Which appointments, in which order, which page. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentQuery {
    /// Starting at or after this instant.
    pub from: Option<Timestamp>,
    /// Starting before this instant.
    pub until: Option<Timestamp>,
    pub doctor: Option<DoctorId>,
    pub status: Option<AppointmentStatus>,
    pub payment_status: Option<PaymentStatus>,
    /// A piece of the patient's name or email, case-insensitive.
    pub patient: Option<String>,
    pub newest_first: bool,
    pub limit: i64,
    pub offset: i64,
}

/// One appointment with who it is for, as the list shows it.
#[derive(Debug, Clone)]
pub struct AppointmentListing {
    pub appointment: Appointment,
    pub patient_name: String,
    pub patient_email: String,
}

#[derive(Debug, Clone)]
pub struct AppointmentSearchPage {
    pub rows: Vec<AppointmentListing>,
    /// All that match the filters, over every page.
    pub total: i64,
}

#[async_trait]
pub trait AppointmentSearch: Send + Sync {
    /// The page of appointments the query asks for, by start (then id), and
    /// the count of all that match. `limit` is capped by the store.
    async fn search_appointments(
        &self,
        query: &AppointmentQuery,
    ) -> Result<AppointmentSearchPage, StoreError>;

    /// The doctor's active appointments (confirmed, or held with `hold_until`
    /// after `now`) overlapping `[from, to)`, by start; at most 1000.
    async fn active_overlapping(
        &self,
        doctor: DoctorId,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<AppointmentListing>, StoreError>;
}
