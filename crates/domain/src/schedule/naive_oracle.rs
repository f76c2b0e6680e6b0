//! A slow, obviously-right model of `free_slots` for the property tests: it walks real
//! time minute by minute and asks the wall clock, with none of the DST case analysis.

use super::{ScheduleRules, Taken};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use std::ops::RangeInclusive;

const MINUTE: SignedDuration = SignedDuration::from_secs(60);

/// Every real minute around the range with the doctor's wall-clock reading.
pub(super) struct Clock {
    minutes: Vec<(Timestamp, DateTime)>,
}

impl Clock {
    /// From two days before the range's first date to three days after its last (UTC).
    pub(super) fn around(zone: &TimeZone, range: &RangeInclusive<Date>) -> Self {
        let utc_midnight = |d: Date| d.to_zoned(TimeZone::UTC).unwrap().timestamp();
        let first = utc_midnight(range.start().checked_sub(2.days()).unwrap());
        let last = utc_midnight(range.end().checked_add(3.days()).unwrap());
        let mut minutes = Vec::new();
        let mut t = first;
        while t < last {
            minutes.push((t, zone.to_datetime(t)));
            t = t.checked_add(MINUTE).unwrap();
        }
        Self { minutes }
    }

    /// Right after the last minute at which the wall clock still reads before `civil`:
    /// after that moment the clock never again shows an earlier time.
    pub(super) fn real_end(&self, civil: DateTime) -> Option<Timestamp> {
        self.minutes
            .iter()
            .rev()
            .find(|(_, local)| *local < civil)
            .map(|(t, _)| t.checked_add(MINUTE).unwrap())
    }
}

/// Minutes of civil (wall-clock) time, as if every day had 1440 minutes.
fn civil_minutes(dt: DateTime) -> i64 {
    dt.to_zoned(TimeZone::UTC).unwrap().timestamp().as_second() / 60
}

pub(super) fn civil(date: Date, minute: u32) -> DateTime {
    date.to_datetime(jiff::civil::Time::midnight())
        .checked_add(i64::from(minute).minutes())
        .unwrap()
}

/// The starts `free_slots` must return, found by testing every real minute.
pub(super) fn naive_free_starts(
    rules: &ScheduleRules,
    taken: &[Taken],
    range: RangeInclusive<Date>,
    now: Timestamp,
) -> Vec<Timestamp> {
    let zone = rules.time_zone();
    let clock = Clock::around(zone, &range);
    let length = i64::from(rules.slot_length().minutes()) * 60;
    let buffer = i64::from(rules.buffer().minutes()) * 60;
    let step = i64::from(rules.grid_step_minutes());
    let earliest = now.as_second() + i64::from(rules.notice().minutes()) * 60;
    let latest = now
        .to_zoned(zone.clone())
        .checked_add(i64::from(rules.horizon().days()).days())
        .unwrap()
        .timestamp();
    let mut starts = Vec::new();
    let mut day = *range.start();
    while day <= *range.end() {
        for interval in rules.hours_on(day) {
            let start = civil(day, interval.start_minute());
            let end = civil(day, interval.end_minute());
            let Some(real_end) = clock.real_end(end) else {
                continue;
            };
            for (t, local) in &clock.minutes {
                let s = t.as_second();
                let on_grid = *local >= start
                    && *local < end
                    && (civil_minutes(*local) - civil_minutes(start)) % step == 0;
                let fits = s + length <= real_end.as_second();
                let timely = s >= earliest && *t <= latest;
                let away = rules
                    .time_off()
                    .iter()
                    .any(|off| s < off.end().as_second() && off.start().as_second() < s + length);
                let clashes = taken.iter().any(|b| {
                    s - buffer < b.ends_at().as_second()
                        && b.starts_at().as_second() < s + length + buffer
                });
                if on_grid && fits && timely && !away && !clashes {
                    starts.push(*t);
                }
            }
        }
        day = day.tomorrow().unwrap();
    }
    starts.sort();
    starts.dedup();
    starts
}
