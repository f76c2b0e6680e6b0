//! One offered consultation slot: its instants and its start in the doctor's zone.

use super::other_zone::TimeInZone;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// A bookable `[starts_at, ends_at)`; `local_start` carries the doctor's zone and the
/// offset in force, which tells the two 01:30s of a repeated hour apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    starts_at: Timestamp,
    ends_at: Timestamp,
    local_start: Zoned,
}

impl Slot {
    pub(super) fn new(starts_at: Timestamp, ends_at: Timestamp, zone: &TimeZone) -> Self {
        Self {
            starts_at,
            ends_at,
            local_start: starts_at.to_zoned(zone.clone()),
        }
    }

    pub fn starts_at(&self) -> Timestamp {
        self.starts_at
    }

    pub fn ends_at(&self) -> Timestamp {
        self.ends_at
    }

    pub fn local_start(&self) -> &Zoned {
        &self.local_start
    }

    pub fn local_end(&self) -> Zoned {
        self.ends_at.to_zoned(self.local_start.time_zone().clone())
    }

    /// The doctor's local date of the start.
    pub fn local_date(&self) -> Date {
        self.local_start.date()
    }

    /// The doctor's local start time, "HH:MM".
    pub fn local_time(&self) -> String {
        self.local_start.strftime("%H:%M").to_string()
    }

    /// The doctor's UTC offset at the start.
    pub fn offset(&self) -> Offset {
        self.local_start.offset()
    }

    /// "2026-12-01T09:00:00+06:00": the start with the doctor's offset.
    pub fn starts_at_rfc3339(&self) -> String {
        rfc3339(&self.local_start)
    }

    /// The end with the doctor's offset at the end (which a DST change may have moved).
    pub fn ends_at_rfc3339(&self) -> String {
        rfc3339(&self.local_end())
    }

    /// The start as seen in another zone, marked when its date differs from the
    /// doctor's local date.
    pub fn start_in(&self, zone: &TimeZone) -> TimeInZone {
        TimeInZone::new(self.starts_at, zone, self.local_date())
    }
}

fn rfc3339(zoned: &Zoned) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
