//! Time off: a range of instants `[start, end)` when the doctor takes no consultations.

use super::error::RuleError;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The doctor is away from `start` (included) to `end` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeOff {
    start: Timestamp,
    end: Timestamp,
}

impl TimeOff {
    pub fn new(start: Timestamp, end: Timestamp) -> Result<Self, RuleError> {
        if start < end {
            Ok(Self { start, end })
        } else {
            Err(RuleError::EndNotAfterStart)
        }
    }

    /// Whole local days `first..=last` in the doctor's zone: from the start of `first`
    /// to the start of the day after `last` (23, 24 or 25 hours a day across DST).
    pub fn whole_days(first: Date, last: Date, zone: &TimeZone) -> Result<Self, RuleError> {
        if last < first {
            return Err(RuleError::DaysOutOfOrder);
        }
        let day_after = last.tomorrow().map_err(|_| RuleError::DateOutOfRange)?;
        let start_of = |date: Date| {
            date.to_zoned(zone.clone())
                .map(|zoned| zoned.timestamp())
                .map_err(|_| RuleError::DateOutOfRange)
        };
        Self::new(start_of(first)?, start_of(day_after)?)
    }

    /// A local date-time range in the doctor's zone, e.g. "2026-03-02 13:00 to 17:00".
    /// A time in a skipped hour moves forward; a repeated hour takes its first instant.
    pub fn local(start: DateTime, end: DateTime, zone: &TimeZone) -> Result<Self, RuleError> {
        let instant = |dt: DateTime| {
            zone.to_ambiguous_timestamp(dt)
                .compatible()
                .map_err(|_| RuleError::DateOutOfRange)
        };
        Self::new(instant(start)?, instant(end)?)
    }

    pub fn start(&self) -> Timestamp {
        self.start
    }

    pub fn end(&self) -> Timestamp {
        self.end
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn new_york() -> TimeZone {
        TimeZone::get("America/New_York").unwrap()
    }

    #[test]
    fn whole_days_run_from_local_midnight_to_the_midnight_after_the_last_day() {
        let off = TimeOff::whole_days(date(2026, 3, 7), date(2026, 3, 8), &new_york()).unwrap();
        assert_eq!(off.start().to_string(), "2026-03-07T05:00:00Z");
        // 8 March has 23 hours: the next midnight is already on daylight time.
        assert_eq!(off.end().to_string(), "2026-03-09T04:00:00Z");
    }

    #[test]
    fn ranges_that_do_not_move_forward_are_refused() {
        let t = Timestamp::from_second(1_800_000_000).unwrap();
        assert_eq!(TimeOff::new(t, t), Err(RuleError::EndNotAfterStart));
        assert_eq!(
            TimeOff::whole_days(date(2026, 3, 9), date(2026, 3, 8), &new_york()),
            Err(RuleError::DaysOutOfOrder)
        );
    }

    #[test]
    fn local_ranges_convert_in_the_doctors_zone() {
        let off = TimeOff::local(
            date(2026, 7, 1).at(13, 0, 0, 0),
            date(2026, 7, 1).at(17, 0, 0, 0),
            &new_york(),
        )
        .unwrap();
        assert_eq!(off.start().to_string(), "2026-07-01T17:00:00Z");
        assert_eq!(off.end().to_string(), "2026-07-01T21:00:00Z");
    }
}
