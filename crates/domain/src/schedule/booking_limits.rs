//! Slot length, buffer between consultations, minimum notice and booking horizon.

use super::error::RuleError;
use jiff::{SignedDuration, ToSpan, Zoned};
use std::fmt;

/// How long one consultation lasts, 5 to 240 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotLength(u32);

impl SlotLength {
    pub const MIN: u32 = 5;
    pub const MAX: u32 = 240;

    pub fn from_minutes(minutes: u32) -> Result<Self, RuleError> {
        if (Self::MIN..=Self::MAX).contains(&minutes) {
            Ok(Self(minutes))
        } else {
            Err(RuleError::SlotLength {
                given: minutes,
                min: Self::MIN,
                max: Self::MAX,
            })
        }
    }

    pub fn minutes(self) -> u32 {
        self.0
    }

    pub fn duration(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.0))
    }
}

/// The pause kept free before and after every consultation, 0 to 120 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Buffer(u32);

impl Buffer {
    pub const MAX: u32 = 120;

    pub fn from_minutes(minutes: u32) -> Result<Self, RuleError> {
        if minutes <= Self::MAX {
            Ok(Self(minutes))
        } else {
            Err(RuleError::Buffer {
                given: minutes,
                min: 0,
                max: Self::MAX,
            })
        }
    }

    pub fn minutes(self) -> u32 {
        self.0
    }

    pub fn duration(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.0))
    }
}

/// How long before its start a consultation can still be booked, 0 minutes to 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MinimumNotice(u32);

impl MinimumNotice {
    pub const MAX_DAYS: u32 = 30;

    pub fn from_minutes(minutes: u32) -> Result<Self, RuleError> {
        if minutes <= Self::MAX_DAYS * 24 * 60 {
            Ok(Self(minutes))
        } else {
            Err(RuleError::Notice {
                max_days: Self::MAX_DAYS,
            })
        }
    }

    pub fn from_hours(hours: u32) -> Result<Self, RuleError> {
        let minutes = hours.checked_mul(60).ok_or(RuleError::Notice {
            max_days: Self::MAX_DAYS,
        })?;
        Self::from_minutes(minutes)
    }

    pub fn minutes(self) -> u32 {
        self.0
    }

    pub fn duration(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.0))
    }
}

impl fmt::Display for MinimumNotice {
    /// "2 hours", "90 minutes", "1 day": as a patient reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u32, unit: &str| {
            if n == 1 {
                format!("1 {unit}")
            } else {
                format!("{n} {unit}s")
            }
        };
        let text = match self.0 {
            m if m > 0 && m % 1440 == 0 => plural(m / 1440, "day"),
            m if m > 0 && m % 60 == 0 => plural(m / 60, "hour"),
            m => plural(m, "minute"),
        };
        f.write_str(&text)
    }
}

/// How many days ahead patients may book, 1 to 730.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BookingHorizon(u32);

impl BookingHorizon {
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 730;

    pub fn from_days(days: u32) -> Result<Self, RuleError> {
        if (Self::MIN..=Self::MAX).contains(&days) {
            Ok(Self(days))
        } else {
            Err(RuleError::Horizon {
                given: days,
                min: Self::MIN,
                max: Self::MAX,
            })
        }
    }

    pub fn days(self) -> u32 {
        self.0
    }

    /// The last bookable instant: `now` plus this many calendar days in the doctor's
    /// zone (so "60 days" lands on the same wall time even across a DST change).
    pub fn last_instant(self, now: &Zoned) -> jiff::Timestamp {
        now.checked_add(i64::from(self.0).days())
            .map(|end| end.timestamp())
            .unwrap_or(jiff::Timestamp::MAX)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn values_outside_their_ranges_are_refused() {
        let cases: [(&str, bool); 10] = [
            ("slot 4", SlotLength::from_minutes(4).is_err()),
            ("slot 5", SlotLength::from_minutes(5).is_ok()),
            ("slot 240", SlotLength::from_minutes(240).is_ok()),
            ("slot 241", SlotLength::from_minutes(241).is_err()),
            ("buffer 120", Buffer::from_minutes(120).is_ok()),
            ("buffer 121", Buffer::from_minutes(121).is_err()),
            ("notice 30 days", MinimumNotice::from_hours(720).is_ok()),
            ("notice 31 days", MinimumNotice::from_hours(744).is_err()),
            ("horizon 0", BookingHorizon::from_days(0).is_err()),
            ("horizon 731", BookingHorizon::from_days(731).is_err()),
        ];
        for (case, expected) in cases {
            assert!(expected, "{case}");
        }
    }

    #[test]
    fn errors_speak_to_the_admin() {
        assert_eq!(
            SlotLength::from_minutes(300).unwrap_err().to_string(),
            "A consultation lasts between 5 and 240 minutes (300 is outside that)."
        );
        assert_eq!(
            BookingHorizon::from_days(0).unwrap_err().to_string(),
            "The booking horizon is between 1 and 730 days (0 is outside that)."
        );
    }

    #[test]
    fn notice_reads_in_the_largest_whole_unit() {
        let shown = |m| MinimumNotice::from_minutes(m).unwrap().to_string();
        assert_eq!(shown(120), "2 hours");
        assert_eq!(shown(90), "90 minutes");
        assert_eq!(shown(1440), "1 day");
        assert_eq!(shown(0), "0 minutes");
    }

    #[test]
    fn the_horizon_counts_calendar_days_in_the_doctors_zone() {
        let now: Zoned = "2026-03-01T10:00[America/New_York]".parse().unwrap();
        let last = BookingHorizon::from_days(10).unwrap().last_instant(&now);
        // 10 calendar days later, across the 8 March change, is still 10:00 local.
        assert_eq!(last.to_string(), "2026-03-11T14:00:00Z");
    }
}
