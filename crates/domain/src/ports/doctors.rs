//! Doctors, their weekly hours and time off.

use crate::model::{Availability, Doctor, DoctorId, DoctorProfile, Email};
use crate::ports::StoreError;
use crate::schedule::{DateOverride, TimeOff, WeeklyHours};
use async_trait::async_trait;
use jiff::Timestamp;

#[async_trait]
pub trait DoctorStore: Send + Sync {
    /// All doctors, or only the active ones, by name.
    async fn list_doctors(&self, active_only: bool) -> Result<Vec<Doctor>, StoreError>;

    async fn doctor(&self, id: DoctorId) -> Result<Option<Doctor>, StoreError>;

    /// The doctor's weekly hours, the time off that ends after `from`, and
    /// the date overrides from the day before `from`'s UTC date on.
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

    /// Other hours (or none) on one of the doctor's local dates.
    /// Errors: `NotFound`; `Unexpected` when the date has an override already
    /// (the service checks first, so that is a race).
    async fn add_date_override(
        &self,
        id: DoctorId,
        day: DateOverride,
        reason: &str,
        at: Timestamp,
    ) -> Result<i64, StoreError>;

    /// Errors: `NotFound` when no such override belongs to this doctor.
    async fn remove_date_override(&self, id: DoctorId, entry: i64) -> Result<(), StoreError>;

    /// Where the doctor's own mail goes: the email of the staff account
    /// linked to them (`staff_users.doctor_id`), if there is one.
    async fn doctor_mail_address(&self, id: DoctorId) -> Result<Option<Email>, StoreError>;
}
