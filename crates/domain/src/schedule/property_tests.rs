//! Property tests: free slots are safe (break no rule) and complete (match a naive
//! minute-by-minute oracle), in zones with and without daylight saving.

use super::naive_oracle::{civil, naive_free_starts, Clock};
use super::*;
use crate::model::TimeZoneName;
use jiff::civil::{date, Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::ops::RangeInclusive;

/// Zones with the days their clocks change in 2026 (Lord Howe moves by 30 minutes;
/// Dhaka and UTC never move and serve as controls).
const ZONE_CHANGES: [(&str, Date); 8] = [
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Europe/London", date(2026, 3, 29)),
    ("Europe/London", date(2026, 10, 25)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),
    ("Asia/Dhaka", date(2026, 3, 8)),
    ("UTC", date(2026, 11, 1)),
];

const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

#[derive(Debug, Clone)]
struct Case {
    rules: ScheduleRules,
    taken: Vec<Taken>,
    range: RangeInclusive<Date>,
    now: Timestamp,
    probes: Vec<Timestamp>,
}

/// Up to three intervals a day, from cut points spread over the day or packed into
/// the night hours where the clocks change (on quarter hours, to hit the changes).
fn day_hours() -> impl Strategy<Value = Vec<WorkingInterval>> {
    let cuts = prop_oneof![
        prop::collection::btree_set(0u32..=1440, 0..=6),
        prop::collection::btree_set(0u32..=300, 0..=6),
        prop::collection::btree_set((0u32..=16).prop_map(|q| q * 15), 0..=6),
    ];
    cuts.prop_map(|cuts| {
        let cuts: Vec<u32> = cuts.into_iter().collect();
        cuts.chunks_exact(2)
            .map(|pair| WorkingInterval::new(pair[0], pair[1]).unwrap())
            .collect()
    })
}

fn minutes_after(t: Timestamp, minutes: i64) -> Timestamp {
    t.checked_add(SignedDuration::from_mins(minutes)).unwrap()
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(ZONE_CHANGES.to_vec()),
        0i64..=1,
        0i64..=1,
        prop::collection::vec(day_hours(), 7),
        (
            prop_oneof![5u32..=60, 5u32..=240],
            prop_oneof![Just(0u32), 0u32..=30, 0u32..=120],
            0u32..=600,
            1u32..=5,
        ),
        -4320i64 * 60..=2880 * 60,
        prop::collection::vec((0i64..=7200, 5i64..=180), 0..6),
        prop::collection::vec((0i64..=7200, 10i64..=600), 0..3),
        prop::collection::vec(0i64..=7200, 12),
    )
        .prop_map(
            |(
                (zone, change),
                before,
                after,
                week,
                (length, buffer, notice, horizon),
                now_secs,
                taken,
                off,
                probes,
            )| {
                // One to three days, always including the change day.
                let first = change.checked_sub(before.days()).unwrap();
                let last = change.checked_add(after.days()).unwrap();
                let tz = TimeZone::get(zone).unwrap();
                let mut hours = WeeklyHours::new();
                for (weekday, intervals) in WEEK.into_iter().zip(week) {
                    hours.set_day(weekday, intervals).unwrap();
                }
                // Taken times, time off and probes fall anywhere from two days before
                // the range's first midnight.
                let origin = first
                    .checked_sub(2.days())
                    .unwrap()
                    .to_zoned(tz)
                    .unwrap()
                    .timestamp();
                let time_off = off
                    .into_iter()
                    .map(|(at, len)| {
                        TimeOff::new(minutes_after(origin, at), minutes_after(origin, at + len))
                            .unwrap()
                    })
                    .collect();
                let rules = ScheduleRules::new(
                    &TimeZoneName::parse(zone).unwrap(),
                    hours,
                    SlotLength::from_minutes(length).unwrap(),
                    Buffer::from_minutes(buffer).unwrap(),
                    MinimumNotice::from_minutes(notice).unwrap(),
                    BookingHorizon::from_days(horizon).unwrap(),
                )
                .with_time_off(time_off);
                let taken = taken
                    .into_iter()
                    .map(|(at, len)| {
                        Taken::new(minutes_after(origin, at), minutes_after(origin, at + len))
                            .unwrap()
                    })
                    .collect();
                let first_midnight = first.to_zoned(TimeZone::UTC).unwrap().timestamp();
                Case {
                    rules,
                    taken,
                    range: first..=last,
                    now: first_midnight
                        .checked_add(SignedDuration::from_secs(now_secs))
                        .unwrap(),
                    probes: probes
                        .into_iter()
                        .map(|m| minutes_after(origin, m))
                        .collect(),
                }
            },
        )
}

fn horizon_end(case: &Case) -> Timestamp {
    let zone = case.rules.time_zone().clone();
    case.now
        .to_zoned(zone)
        .checked_add(i64::from(case.rules.horizon().days()).days())
        .unwrap()
        .timestamp()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn free_slots_are_exactly_the_starts_a_naive_minute_by_minute_walk_finds(case in case()) {
        let slots = free_slots(&case.rules, &case.taken, case.range.clone(), case.now);
        let found: Vec<Timestamp> = slots.iter().map(Slot::starts_at).collect();
        let expected = naive_free_starts(&case.rules, &case.taken, case.range.clone(), case.now);
        let missing: Vec<_> = expected.iter().filter(|t| !found.contains(t)).collect();
        let extra: Vec<_> = found.iter().filter(|t| !expected.contains(t)).collect();
        prop_assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
    }

    #[test]
    fn no_free_slot_breaks_a_rule(case in case()) {
        let rules = &case.rules;
        let slots = free_slots(rules, &case.taken, case.range.clone(), case.now);
        let clock = Clock::around(rules.time_zone(), &case.range);
        let length = rules.slot_length().duration();
        let buffer = rules.buffer().duration();
        let earliest = case.now.checked_add(rules.notice().duration()).unwrap();
        for pair in slots.windows(2) {
            prop_assert!(pair[0].starts_at() < pair[1].starts_at(), "sorted, no instant twice");
        }
        for slot in &slots {
            let (start, end) = (slot.starts_at(), slot.ends_at());
            prop_assert_eq!(end, start.checked_add(length).unwrap(), "length in real time");
            prop_assert!(start >= earliest, "not before now + notice: {:?}", slot);
            prop_assert!(start <= horizon_end(&case), "not after the horizon: {:?}", slot);
            prop_assert!(case.range.contains(&slot.local_date()), "inside the range");
            for taken in &case.taken {
                let blocked_from = taken.starts_at().checked_sub(buffer).unwrap();
                let blocked_to = taken.ends_at().checked_add(buffer).unwrap();
                prop_assert!(end <= blocked_from || start >= blocked_to, "clear of {:?} and its buffer: {:?}", taken, slot);
            }
            for off in rules.time_off() {
                prop_assert!(end <= off.start() || start >= off.end(), "outside time off {:?}: {:?}", off, slot);
            }
            let local = slot.local_start().datetime();
            let inside_hours = rules.hours().on(slot.local_date().weekday()).iter().any(|interval| {
                let from = civil(slot.local_date(), interval.start_minute());
                let to = civil(slot.local_date(), interval.end_minute());
                from <= local && local < to && clock.real_end(to).is_some_and(|real_end| end <= real_end)
            });
            prop_assert!(inside_hours, "inside working hours: {:?}", slot);
            prop_assert_eq!(slot.local_start().timestamp(), start);
            prop_assert_eq!(slot.starts_at_rfc3339().parse::<Timestamp>().unwrap(), start);
        }
    }

    #[test]
    fn check_offered_agrees_with_free_slots(case in case()) {
        let rules = &case.rules;
        let slots = free_slots(rules, &case.taken, case.range.clone(), case.now);
        let offered: BTreeSet<Timestamp> = slots.iter().map(Slot::starts_at).collect();
        for slot in &slots {
            let checked = check_offered(rules, &case.taken, slot.starts_at(), case.now);
            prop_assert_eq!(checked.as_ref(), Ok(slot));
        }
        let near_slots = slots.iter().flat_map(|s| [-1, 1, 30].map(|m| minutes_after(s.starts_at(), m)));
        for probe in case.probes.iter().copied().chain(near_slots) {
            let local_date = rules.time_zone().to_datetime(probe).date();
            if case.range.contains(&local_date) {
                prop_assert_eq!(
                    is_offered(rules, &case.taken, probe, case.now),
                    offered.contains(&probe),
                    "{} ({:?})", probe, check_offered(rules, &case.taken, probe, case.now)
                );
            }
        }
    }

    #[test]
    fn the_next_day_with_free_slots_is_the_first_day_free_slots_fills(case in case()) {
        let rules = &case.rules;
        let after = *case.range.start();
        let expected = (1..=10)
            .map(|n| after.checked_add(n.days()).unwrap())
            .find(|day| !free_slots(rules, &case.taken, *day..=*day, case.now).is_empty());
        prop_assert_eq!(next_day_with_free_slots(rules, &case.taken, after, case.now), expected);
    }
}
