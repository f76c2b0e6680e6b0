//! The slot grid of one local day, turned from civil times into real instants across DST.
//!
//! Candidates start at each working interval's start and step by length + buffer in
//! civil time. A candidate in a skipped hour does not exist; one in a repeated hour
//! exists twice (earlier and later offset). A slot ends `length` later in real time
//! and must end by its interval's real end, the moment after which the wall clock never
//! again reads earlier than the interval's end: in a repeated hour, the later instant;
//! in a skipped hour, the instant the clocks jump.

use super::rules::ScheduleRules;
use super::slot::Slot;
use super::working_hours::MINUTES_PER_DAY;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// Every slot of `date`'s grid that exists and fits its interval, ignoring notice,
/// horizon, time off and appointments. Ordered by interval, then civil time.
pub(super) fn day_grid(rules: &ScheduleRules, date: Date) -> Vec<Slot> {
    let zone = rules.time_zone();
    let length = rules.slot_length().duration();
    let step = rules.grid_step_minutes();
    let mut slots = Vec::new();
    for interval in rules.hours_on(date) {
        let Some(real_end) =
            civil_at(date, interval.end_minute()).and_then(|end| real_end(zone, end))
        else {
            continue;
        };
        let mut minute = interval.start_minute();
        while minute < interval.end_minute() {
            let Some(local) = civil_at(date, minute) else {
                break;
            };
            for starts_at in instants_of(zone, local).into_iter().flatten() {
                if let Ok(ends_at) = starts_at.checked_add(length) {
                    if ends_at <= real_end {
                        slots.push(Slot::new(starts_at, ends_at, zone));
                    }
                }
            }
            minute += step;
        }
    }
    slots
}

/// `date` at `minute` after midnight; 1440 is the next day's midnight.
pub(super) fn civil_at(date: Date, minute: u32) -> Option<DateTime> {
    if minute == MINUTES_PER_DAY {
        return date
            .tomorrow()
            .ok()
            .map(|next| next.to_datetime(Time::midnight()));
    }
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    let time = Time::new(hour, minute, 0, 0).ok()?;
    Some(date.to_datetime(time))
}

/// The real instants of a civil time: none in a gap, two (earlier first) in a fold.
fn instants_of(zone: &TimeZone, local: DateTime) -> [Option<Timestamp>; 2] {
    match zone.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => [offset.to_timestamp(local).ok(), None],
        AmbiguousOffset::Gap { .. } => [None, None],
        AmbiguousOffset::Fold { before, after } => [
            before.to_timestamp(local).ok(),
            after.to_timestamp(local).ok(),
        ],
    }
}

/// The moment after which the wall clock never again reads earlier than `local`: the
/// later instant in a fold (the earlier one when `local` is where the repeated hour
/// starts, since the clock then never drops below it), the jump itself in a gap.
fn real_end(zone: &TimeZone, local: DateTime) -> Option<Timestamp> {
    match zone.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).ok(),
        AmbiguousOffset::Fold { before, after } => {
            let later = after.to_timestamp(local).ok()?;
            let just_before = later.checked_sub(SignedDuration::from_nanos(1)).ok()?;
            if zone.to_datetime(just_before) < local {
                Some(later)
            } else {
                before.to_timestamp(local).ok()
            }
        }
        AmbiguousOffset::Gap { after, .. } => {
            // Read with the later offset, a time in the gap lands before the jump.
            let before_jump = after.to_timestamp(local).ok()?;
            zone.following(before_jump)
                .next()
                .map(|transition| transition.timestamp())
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_interval_ending_in_a_skipped_hour_ends_when_the_clocks_jump() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let end = real_end(&zone, date(2026, 3, 8).at(2, 30, 0, 0)).unwrap();
        assert_eq!(end.to_string(), "2026-03-08T07:00:00Z");
    }

    #[test]
    fn an_interval_ending_in_a_repeated_hour_ends_at_its_second_pass() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let end = real_end(&zone, date(2026, 11, 1).at(1, 30, 0, 0)).unwrap();
        assert_eq!(end.to_string(), "2026-11-01T06:30:00Z");
    }

    #[test]
    fn an_interval_ending_where_the_repeated_hour_starts_ends_at_its_first_pass() {
        // 00:00–01:00 on fall-back night: after 01:00 EDT the clock never reads 00:xx again.
        let zone = TimeZone::get("America/New_York").unwrap();
        let end = real_end(&zone, date(2026, 11, 1).at(1, 0, 0, 0)).unwrap();
        assert_eq!(end.to_string(), "2026-11-01T05:00:00Z");
    }

    #[test]
    fn midnight_at_the_end_of_a_day_is_the_next_days_start() {
        let end = civil_at(date(2026, 12, 31), MINUTES_PER_DAY).unwrap();
        assert_eq!(end, date(2027, 1, 1).at(0, 0, 0, 0));
    }
}
