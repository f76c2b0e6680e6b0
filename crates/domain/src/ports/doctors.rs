//! Doctors, their weekly hours and time off.

use crate::model::{Availability, Doctor, DoctorId, DoctorProfile};
use crate::ports::StoreError;
use crate::schedule::{TimeOff, WeeklyHours};
use async_trait::async_trait;
use jiff::Timestamp;

#[async_trait]
pub trait DoctorStore: Send + Sync {
    /// All doctors, or only the active ones, by name.
    async fn list_doctors(&self, active_only: bool) -> Result<Vec<Doctor>, StoreError>;

    async fn doctor(&self, id: DoctorId) -> Result<Option<Doctor>, StoreError>;

    /// The doctor's weekly hours and the time off that ends after `from`.
    /// Errors: `NotFound`.
    async fn availability(&self, id: DoctorId, from: Timestamp)
        -> Result<Availability, StoreError>;

    async fn create_doctor(
        &self,
        profile: DoctorProfile,
        at: Timestamp,
    ) -> Result<DoctorId, StoreError>;

    /// Errors: `NotFound`.
    async fn update_doctor(&self, id: DoctorId, profile: DoctorProfile) -> Result<(), StoreError>;

    /// Replaces the weekly hours. Errors: `NotFound`.
    async fn set_weekly_hours(&self, id: DoctorId, hours: WeeklyHours) -> Result<(), StoreError>;

    /// Errors: `NotFound`.
    async fn add_time_off(
        &self,
        id: DoctorId,
        period: TimeOff,
        reason: &str,
    ) -> Result<i64, StoreError>;

    /// Errors: `NotFound` when no such entry belongs to this doctor.
    async fn remove_time_off(&self, id: DoctorId, entry: i64) -> Result<(), StoreError>;
}
