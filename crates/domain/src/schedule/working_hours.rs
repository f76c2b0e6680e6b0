//! Weekly working hours: for each weekday, non-overlapping intervals of minutes of the day.

use super::error::RuleError;
use jiff::civil::Weekday;
use std::fmt;

/// Minutes in a day; an interval may end at 24:00 (1440).
pub const MINUTES_PER_DAY: u32 = 1440;

/// One stretch of work in a day, `[start, end)` in minutes after local midnight.
/// Breaks are the gaps between intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingInterval {
    start: u32,
    end: u32,
}

impl WorkingInterval {
    /// `start` and `end` are minutes after midnight, `0..=1440`, with `start < end`.
    pub fn new(start: u32, end: u32) -> Result<Self, RuleError> {
        for minute in [start, end] {
            if minute > MINUTES_PER_DAY {
                return Err(RuleError::OutsideDay { minute });
            }
        }
        if start >= end {
            return Err(RuleError::EmptyInterval { start, end });
        }
        Ok(Self { start, end })
    }

    /// Parses "09:00" and "12:30" (24:00 allowed as an end) as an admin types them.
    pub fn parse(start: &str, end: &str) -> Result<Self, RuleError> {
        Self::new(parse_clock(start)?, parse_clock(end)?)
    }

    pub fn start_minute(&self) -> u32 {
        self.start
    }

    pub fn end_minute(&self) -> u32 {
        self.end
    }

    fn overlaps(&self, other: &WorkingInterval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Display for WorkingInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", clock(self.start), clock(self.end))
    }
}

/// The doctor's working intervals for each weekday, sorted and non-overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    days: [Vec<WorkingInterval>; 7],
}

impl WeeklyHours {
    /// No working hours at all; add days with [`WeeklyHours::with_day`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The same intervals on all seven days.
    pub fn every_day(intervals: Vec<WorkingInterval>) -> Result<Self, RuleError> {
        let mut hours = Self::new();
        for weekday in all_weekdays() {
            hours.set_day(weekday, intervals.clone())?;
        }
        Ok(hours)
    }

    pub fn with_day(
        mut self,
        weekday: Weekday,
        intervals: Vec<WorkingInterval>,
    ) -> Result<Self, RuleError> {
        self.set_day(weekday, intervals)?;
        Ok(self)
    }

    /// Replaces a weekday's intervals; touching intervals (12:00–13:00 after 09:00–12:00)
    /// are allowed, overlapping ones are refused.
    pub fn set_day(
        &mut self,
        weekday: Weekday,
        mut intervals: Vec<WorkingInterval>,
    ) -> Result<(), RuleError> {
        intervals.sort_by_key(|interval| (interval.start, interval.end));
        for pair in intervals.windows(2) {
            if pair[0].overlaps(&pair[1]) {
                return Err(RuleError::OverlappingIntervals {
                    weekday,
                    first: pair[0],
                    second: pair[1],
                });
            }
        }
        self.days[day_index(weekday)] = intervals;
        Ok(())
    }

    /// The intervals of one weekday, sorted by start.
    pub fn on(&self, weekday: Weekday) -> &[WorkingInterval] {
        &self.days[day_index(weekday)]
    }

    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

fn day_index(weekday: Weekday) -> usize {
    weekday.to_monday_zero_offset().unsigned_abs() as usize
}

fn all_weekdays() -> [Weekday; 7] {
    [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ]
}

pub(crate) fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// "HH:MM" for a minute of the day (1440 is "24:00").
pub(crate) fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn parse_clock(input: &str) -> Result<u32, RuleError> {
    let malformed = || RuleError::MalformedTime(input.trim().to_owned());
    let (hours, minutes) = input.trim().split_once(':').ok_or_else(malformed)?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return Err(malformed());
    }
    let hours: u32 = hours.parse().map_err(|_| malformed())?;
    let minutes: u32 = minutes.parse().map_err(|_| malformed())?;
    if minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(malformed());
    }
    Ok(hours * 60 + minutes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_from_clock_times_including_midnight_at_the_end() {
        let interval = WorkingInterval::parse("09:00", "24:00").unwrap();
        assert_eq!(
            (interval.start_minute(), interval.end_minute()),
            (540, 1440)
        );
        assert_eq!(interval.to_string(), "09:00–24:00");
    }

    #[test]
    fn bad_intervals_are_refused_with_a_reason() {
        let cases = [
            ("12:00", "09:00", "ends before it starts"),
            ("09:00", "09:00", "empty"),
            ("9:00", "10:00", "one-digit hour"),
            ("09:60", "10:00", "minute 60"),
            ("24:30", "24:45", "past midnight"),
            ("noon", "13:00", "not a time"),
        ];
        for (start, end, why) in cases {
            assert!(WorkingInterval::parse(start, end).is_err(), "{why}");
        }
        assert_eq!(
            WorkingInterval::new(0, 1441),
            Err(RuleError::OutsideDay { minute: 1441 })
        );
        assert_eq!(
            WorkingInterval::parse("12:00", "09:00")
                .unwrap_err()
                .to_string(),
            "A working period must end after it starts (12:00 to 09:00 does not)."
        );
    }

    #[test]
    fn overlapping_intervals_on_one_day_are_refused_and_named() {
        let morning = WorkingInterval::parse("09:00", "12:00").unwrap();
        let overlap = WorkingInterval::parse("11:00", "14:00").unwrap();
        let error = WeeklyHours::new()
            .with_day(Weekday::Monday, vec![overlap, morning])
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "On Monday, 09:00–12:00 overlaps 11:00–14:00: working periods of one day must not overlap."
        );
    }

    #[test]
    fn touching_intervals_are_kept_sorted_and_breaks_are_gaps() {
        let afternoon = WorkingInterval::parse("14:00", "17:00").unwrap();
        let noon = WorkingInterval::parse("12:00", "13:00").unwrap();
        let morning = WorkingInterval::parse("09:00", "12:00").unwrap();
        let hours = WeeklyHours::new()
            .with_day(Weekday::Tuesday, vec![afternoon, noon, morning])
            .unwrap();
        assert_eq!(hours.on(Weekday::Tuesday), &[morning, noon, afternoon]);
        assert!(hours.on(Weekday::Wednesday).is_empty());
        assert!(!hours.is_empty());
    }
}
