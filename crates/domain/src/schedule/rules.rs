//! A doctor's scheduling rules in one value: zone, weekly hours, time off and booking limits.

use super::booking_limits::{BookingHorizon, Buffer, MinimumNotice, SlotLength};
use super::date_override::DateOverride;
use super::time_off::TimeOff;
use super::working_hours::{WeeklyHours, WorkingInterval};
use crate::model::TimeZoneName;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

/// Everything `free_slots` needs to know about one doctor. Each part is validated on
/// its own; together they cannot contradict each other (an interval shorter than a
/// slot simply offers nothing).
#[derive(Debug, Clone)]
pub struct ScheduleRules {
    zone_name: TimeZoneName,
    zone: TimeZone,
    hours: WeeklyHours,
    overrides: BTreeMap<Date, DateOverride>,
    time_off: Vec<TimeOff>,
    slot_length: SlotLength,
    buffer: Buffer,
    notice: MinimumNotice,
    horizon: BookingHorizon,
}

impl ScheduleRules {
    pub fn new(
        zone: &TimeZoneName,
        hours: WeeklyHours,
        slot_length: SlotLength,
        buffer: Buffer,
        notice: MinimumNotice,
        horizon: BookingHorizon,
    ) -> Self {
        Self {
            zone_name: zone.clone(),
            zone: zone.time_zone(),
            hours,
            overrides: BTreeMap::new(),
            time_off: Vec::new(),
            slot_length,
            buffer,
            notice,
            horizon,
        }
    }

    pub fn with_time_off(mut self, time_off: Vec<TimeOff>) -> Self {
        self.time_off = time_off;
        self
    }

    /// Dates with other hours than their weekday's; a later one for the same date wins.
    pub fn with_overrides(mut self, overrides: Vec<DateOverride>) -> Self {
        self.overrides = overrides.into_iter().map(|o| (o.date(), o)).collect();
        self
    }

    /// The same rules without the patient-facing limits: no minimum notice and
    /// the longest horizon, for staff booking on a patient's behalf. Hours,
    /// grid, time off and taken times still apply.
    pub fn without_patient_limits(mut self) -> Self {
        self.notice = MinimumNotice::default();
        self.horizon = BookingHorizon::from_days(BookingHorizon::MAX).unwrap_or(self.horizon);
        self
    }

    /// The working intervals of one local date: its override's, else its weekday's.
    pub fn hours_on(&self, date: Date) -> &[WorkingInterval] {
        match self.overrides.get(&date) {
            Some(day) => day.hours(),
            None => self.hours.on(date.weekday()),
        }
    }

    pub fn zone_name(&self) -> &TimeZoneName {
        &self.zone_name
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.zone
    }

    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    pub fn time_off(&self) -> &[TimeOff] {
        &self.time_off
    }

    pub fn slot_length(&self) -> SlotLength {
        self.slot_length
    }

    pub fn buffer(&self) -> Buffer {
        self.buffer
    }

    pub fn notice(&self) -> MinimumNotice {
        self.notice
    }

    pub fn horizon(&self) -> BookingHorizon {
        self.horizon
    }

    /// Minutes between the starts of two neighbouring slots of the grid.
    pub fn grid_step_minutes(&self) -> u32 {
        self.slot_length.minutes() + self.buffer.minutes()
    }
}
