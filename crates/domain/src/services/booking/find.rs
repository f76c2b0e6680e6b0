//! Which doctors can be booked and which of their slots are free.

use super::Booking;
use crate::model::{Doctor, DoctorId};
use crate::ports::StoreError;
use crate::schedule::{free_slots, next_day_with_free_slots, ScheduleRules, Slot, Taken};
use crate::services::Cause;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

/// The most days one slots request may cover.
pub const MAX_RANGE_DAYS: i64 = 31;

#[derive(Debug, thiserror::Error)]
pub enum SlotsError {
    #[error("This doctor is not taking appointments.")]
    DoctorNotFound,
    #[error("Ask for at most 31 days at a time, with the first date not after the last.")]
    BadRange,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for SlotsError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => SlotsError::DoctorNotFound,
            other => SlotsError::Unexpected(other.into()),
        }
    }
}

/// One day's free slots for the day picker.
#[derive(Debug, Clone)]
pub struct DaySlots {
    pub date: Date,
    pub slots: Vec<Slot>,
    /// The next day with a free slot, within the booking horizon.
    pub next_free_day: Option<Date>,
}

impl Booking {
    pub async fn active_doctors(&self) -> Result<Vec<Doctor>, StoreError> {
        self.doctors.list_doctors(true).await
    }

    /// A doctor, active or not: appointments keep showing in their doctor's zone.
    pub async fn doctor(&self, id: DoctorId) -> Result<Option<Doctor>, StoreError> {
        self.doctors.doctor(id).await
    }

    /// An active doctor, else `DoctorNotFound`.
    pub async fn bookable_doctor(&self, id: DoctorId) -> Result<Doctor, SlotsError> {
        match self.doctors.doctor(id).await? {
            Some(doctor) if doctor.profile.active => Ok(doctor),
            _ => Err(SlotsError::DoctorNotFound),
        }
    }

    pub(super) async fn rules_and_taken(
        &self,
        doctor: &Doctor,
        around: (Timestamp, Timestamp),
        now: Timestamp,
    ) -> Result<(ScheduleRules, Vec<Taken>), StoreError> {
        let availability = self.doctors.availability(doctor.id, now).await?;
        let rules = doctor.schedule_rules(&availability);
        // Widen by a day either side: a buffer or a long slot can reach across midnight.
        let day = SignedDuration::from_hours(26);
        let from = around.0.saturating_sub(day).unwrap_or(around.0);
        let to = around.1.saturating_add(day).unwrap_or(around.1);
        let taken = self.store.taken(doctor.id, from, to, now).await?;
        Ok((rules, taken))
    }

    /// The first instant of a local date in the doctor's zone.
    fn start_of(doctor: &Doctor, date: Date) -> Result<Timestamp, SlotsError> {
        doctor
            .profile
            .timezone
            .time_zone()
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .map_err(|e| SlotsError::Unexpected(e.into()))
    }

    /// The doctor's free slots from `from` to `to`, the doctor's local dates, inclusive.
    pub async fn free_slots_between(
        &self,
        doctor: DoctorId,
        from: Date,
        to: Date,
    ) -> Result<(Doctor, Vec<Slot>), SlotsError> {
        let days = (to - from).get_days() as i64;
        if to < from || days >= MAX_RANGE_DAYS {
            return Err(SlotsError::BadRange);
        }
        let doctor = self.bookable_doctor(doctor).await?;
        let now = self.clock.now();
        let start = Self::start_of(&doctor, from)?;
        let end = start
            .saturating_add(SignedDuration::from_hours(24 * (days + 1)))
            .unwrap_or(start);
        let (rules, taken) = self.rules_and_taken(&doctor, (start, end), now).await?;
        let slots = free_slots(&rules, &taken, from..=to, now);
        Ok((doctor, slots))
    }

    /// One day of free slots, and the next day that has any: one read of the
    /// schedule and of the taken times, covering the day and the booking horizon.
    /// A doctor no longer taking appointments is `DoctorNotFound`.
    pub async fn day_slots(&self, doctor: &Doctor, date: Date) -> Result<DaySlots, SlotsError> {
        self.day_slots_as(doctor, date, false).await
    }

    /// [`Booking::day_slots`] as staff may book them: without the minimum
    /// notice and the horizon (see `book_for_patient`).
    pub async fn staff_day_slots(
        &self,
        doctor: &Doctor,
        date: Date,
    ) -> Result<DaySlots, SlotsError> {
        self.day_slots_as(doctor, date, true).await
    }

    async fn day_slots_as(
        &self,
        doctor: &Doctor,
        date: Date,
        staff: bool,
    ) -> Result<DaySlots, SlotsError> {
        if !doctor.profile.active {
            return Err(SlotsError::DoctorNotFound);
        }
        let now = self.clock.now();
        let day_start = Self::start_of(doctor, date)?;
        let day_end = day_start
            .saturating_add(SignedDuration::from_hours(24))
            .unwrap_or(day_start);
        let horizon_end = now
            .saturating_add(SignedDuration::from_hours(
                24 * (i64::from(doctor.profile.horizon.days()) + 2),
            ))
            .unwrap_or(now);
        let around = (day_start.min(now), day_end.max(horizon_end));
        let (rules, taken) = self.rules_and_taken(doctor, around, now).await?;
        let rules = if staff {
            rules.without_patient_limits()
        } else {
            rules
        };
        let slots = free_slots(&rules, &taken, date..=date, now);
        let next_free_day = next_day_with_free_slots(&rules, &taken, date, now);
        Ok(DaySlots {
            date,
            slots,
            next_free_day,
        })
    }

    /// Today in the doctor's zone.
    pub fn today_for(&self, doctor: &Doctor) -> Date {
        self.clock
            .now()
            .to_zoned(doctor.profile.timezone.time_zone())
            .date()
    }
}
