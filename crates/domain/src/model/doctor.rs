//! A doctor who offers consultations, and their availability.

use super::{DoctorId, Money, PersonName, TimeZoneName};
use crate::schedule::{
    BookingHorizon, Buffer, DateOverride, MinimumNotice, ScheduleRules, SlotLength, TimeOff,
    WeeklyHours,
};

/// What an admin edits about a doctor.
#[derive(Debug, Clone)]
pub struct DoctorProfile {
    pub name: PersonName,
    pub specialty: String,
    pub bio: String,
    pub fee: Money,
    pub timezone: TimeZoneName,
    pub slot_length: SlotLength,
    pub buffer: Buffer,
    pub notice: MinimumNotice,
    pub horizon: BookingHorizon,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct Doctor {
    pub id: DoctorId,
    pub profile: DoctorProfile,
}

/// One stored period of time off.
#[derive(Debug, Clone)]
pub struct TimeOffEntry {
    pub id: i64,
    pub period: TimeOff,
    pub reason: String,
}

/// One stored date with other hours (or closed).
#[derive(Debug, Clone)]
pub struct DateOverrideEntry {
    pub id: i64,
    pub day: DateOverride,
    pub reason: String,
}

/// When a doctor works.
#[derive(Debug, Clone)]
pub struct Availability {
    pub hours: WeeklyHours,
    pub time_off: Vec<TimeOffEntry>,
    /// Dates from the day before the `from` of the read on, by date.
    pub overrides: Vec<DateOverrideEntry>,
}

impl Doctor {
    /// The rules `free_slots` needs.
    pub fn schedule_rules(&self, availability: &Availability) -> ScheduleRules {
        let p = &self.profile;
        ScheduleRules::new(
            &p.timezone,
            availability.hours.clone(),
            p.slot_length,
            p.buffer,
            p.notice,
            p.horizon,
        )
        .with_time_off(availability.time_off.iter().map(|t| t.period).collect())
        .with_overrides(
            availability
                .overrides
                .iter()
                .map(|o| o.day.clone())
                .collect(),
        )
    }
}
