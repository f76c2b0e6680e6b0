//! Concrete examples of the grid, buffers, breaks, time off, notice, horizon and refusals.

use super::*;
use crate::model::TimeZoneName;
use jiff::civil::{date, Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

pub(super) fn interval(start: &str, end: &str) -> WorkingInterval {
    WorkingInterval::parse(start, end).unwrap()
}

/// A doctor in `zone` working `hours` every day, with no notice and a two-year horizon.
pub(super) fn every_day(
    zone: &str,
    hours: &[(&str, &str)],
    length: u32,
    buffer: u32,
) -> ScheduleRules {
    let intervals = hours.iter().map(|(s, e)| interval(s, e)).collect();
    ScheduleRules::new(
        &TimeZoneName::parse(zone).unwrap(),
        WeeklyHours::every_day(intervals).unwrap(),
        SlotLength::from_minutes(length).unwrap(),
        Buffer::from_minutes(buffer).unwrap(),
        MinimumNotice::from_minutes(0).unwrap(),
        BookingHorizon::from_days(730).unwrap(),
    )
}

pub(super) fn at(instant: &str) -> Timestamp {
    instant.parse().unwrap()
}

fn dhaka_local(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.at(hour, minute, 0, 0)
        .to_zoned(TimeZone::get("Asia/Dhaka").unwrap())
        .unwrap()
        .timestamp()
}

fn local_times(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(Slot::local_time).collect()
}

const MONDAY: Date = date(2026, 12, 7);
const LONG_BEFORE: &str = "2026-11-01T00:00:00Z";

#[test]
fn slots_step_by_length_plus_buffer_and_must_fit_their_interval() {
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 30, 10);
    let slots = free_slots(&rules, &[], MONDAY..=MONDAY, at(LONG_BEFORE));
    assert_eq!(local_times(&slots), ["09:00", "09:40", "10:20", "11:00"]);
    assert_eq!(slots[0].starts_at_rfc3339(), "2026-12-07T09:00:00+06:00");
    assert_eq!(slots[0].ends_at_rfc3339(), "2026-12-07T09:30:00+06:00");
    assert_eq!(slots[0].starts_at(), at("2026-12-07T03:00:00Z"));
    assert_eq!(slots[0].local_date(), MONDAY);
}

#[test]
fn breaks_are_the_gaps_between_intervals_and_each_interval_restarts_the_grid() {
    let rules = every_day(
        "Asia/Dhaka",
        &[("09:00", "11:30"), ("14:15", "17:00")],
        60,
        0,
    );
    let slots = free_slots(&rules, &[], MONDAY..=MONDAY, at(LONG_BEFORE));
    assert_eq!(local_times(&slots), ["09:00", "10:00", "14:15", "15:15"]);
}

#[test]
fn a_taken_appointment_blocks_its_buffer_on_both_sides_but_touching_is_fine() {
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 30, 10);
    let on_grid = Taken::new(dhaka_local(MONDAY, 9, 40), dhaka_local(MONDAY, 10, 10)).unwrap();
    let slots = free_slots(&rules, &[on_grid], MONDAY..=MONDAY, at(LONG_BEFORE));
    assert_eq!(local_times(&slots), ["09:00", "10:20", "11:00"]);

    // Booked under an older slot length, off the grid: blocks 09:50 to 10:40.
    let off_grid = Taken::new(dhaka_local(MONDAY, 10, 0), dhaka_local(MONDAY, 10, 30)).unwrap();
    let slots = free_slots(&rules, &[off_grid], MONDAY..=MONDAY, at(LONG_BEFORE));
    assert_eq!(local_times(&slots), ["09:00", "11:00"]);
}

#[test]
fn time_off_removes_the_slots_it_overlaps() {
    let zone = TimeZone::get("Asia/Dhaka").unwrap();
    let tuesday = date(2026, 12, 8);
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 60, 0).with_time_off(vec![
        TimeOff::whole_days(tuesday, tuesday, &zone).unwrap(),
        TimeOff::local(MONDAY.at(10, 30, 0, 0), MONDAY.at(11, 0, 0, 0), &zone).unwrap(),
    ]);
    let slots = free_slots(&rules, &[], MONDAY..=date(2026, 12, 9), at(LONG_BEFORE));
    let days_and_times: Vec<String> = slots
        .iter()
        .map(|s| format!("{} {}", s.local_date(), s.local_time()))
        .collect();
    assert_eq!(
        days_and_times,
        [
            "2026-12-07 09:00",
            "2026-12-07 11:00",
            "2026-12-09 09:00",
            "2026-12-09 10:00",
            "2026-12-09 11:00"
        ]
    );
}

#[test]
fn notice_and_horizon_bound_the_offered_starts_inclusively() {
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 60, 0);
    let rules = ScheduleRules::new(
        rules.zone_name(),
        rules.hours().clone(),
        rules.slot_length(),
        rules.buffer(),
        MinimumNotice::from_hours(2).unwrap(),
        BookingHorizon::from_days(1).unwrap(),
    );
    let now = dhaka_local(MONDAY, 9, 0);
    let slots = free_slots(&rules, &[], MONDAY..=date(2026, 12, 9), now);
    let starts: Vec<String> = slots.iter().map(Slot::starts_at_rfc3339).collect();
    assert_eq!(
        starts,
        ["2026-12-07T11:00:00+06:00", "2026-12-08T09:00:00+06:00"],
        "from now + 2 h to now + 1 day, both ends included"
    );
}

#[test]
fn an_empty_or_reversed_range_offers_nothing() {
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 60, 0);
    let reversed = date(2026, 12, 9)..=MONDAY;
    assert!(free_slots(&rules, &[], reversed, at(LONG_BEFORE)).is_empty());
    let past = date(2026, 10, 1)..=date(2026, 10, 2);
    assert!(free_slots(&rules, &[], past, at(LONG_BEFORE)).is_empty());
}

#[test]
fn a_requested_start_that_is_not_offered_says_why() {
    let zone = TimeZone::get("Asia/Dhaka").unwrap();
    let tuesday = date(2026, 12, 8);
    let rules = every_day("Asia/Dhaka", &[("09:00", "12:00")], 30, 10)
        .with_time_off(vec![TimeOff::whole_days(tuesday, tuesday, &zone).unwrap()]);
    let rules = ScheduleRules::new(
        rules.zone_name(),
        rules.hours().clone(),
        rules.slot_length(),
        rules.buffer(),
        MinimumNotice::from_hours(2).unwrap(),
        BookingHorizon::from_days(30).unwrap(),
    )
    .with_time_off(rules.time_off().to_vec());
    let now = dhaka_local(MONDAY, 8, 0);
    let taken = [Taken::new(dhaka_local(MONDAY, 11, 0), dhaka_local(MONDAY, 11, 30)).unwrap()];
    let cases = [
        (
            dhaka_local(MONDAY, 7, 0),
            Err(NotOffered::InThePast),
            "before now",
        ),
        (
            dhaka_local(MONDAY, 9, 40),
            Err(NotOffered::InsideNotice {
                notice: MinimumNotice::from_hours(2).unwrap(),
            }),
            "inside the notice",
        ),
        (
            dhaka_local(date(2027, 1, 7), 9, 0),
            Err(NotOffered::BeyondHorizon { days: 30 }),
            "past the horizon",
        ),
        (
            dhaka_local(MONDAY, 20, 0),
            Err(NotOffered::OffHours),
            "evening",
        ),
        (
            dhaka_local(MONDAY, 11, 40),
            Err(NotOffered::OffHours),
            "would end after 12:00",
        ),
        (
            dhaka_local(MONDAY, 10, 30),
            Err(NotOffered::Misaligned),
            "between grid times",
        ),
        (
            dhaka_local(tuesday, 9, 0),
            Err(NotOffered::TimeOff),
            "day off",
        ),
        (dhaka_local(MONDAY, 11, 0), Err(NotOffered::Taken), "booked"),
        (
            dhaka_local(MONDAY, 10, 20),
            Ok(dhaka_local(MONDAY, 10, 20)),
            "free grid time",
        ),
    ];
    for (starts_at, expected, why) in cases {
        let outcome = check_offered(&rules, &taken, starts_at, now).map(|slot| slot.starts_at());
        assert_eq!(outcome, expected, "{why}");
        assert_eq!(
            is_offered(&rules, &taken, starts_at, now),
            expected.is_ok(),
            "{why}"
        );
    }
    assert_eq!(
        NotOffered::InsideNotice {
            notice: MinimumNotice::from_hours(2).unwrap()
        }
        .to_string(),
        "Appointments must be booked at least 2 hours ahead."
    );
}

#[test]
fn the_next_day_with_free_slots_skips_days_off_and_full_days_and_stops_at_the_horizon() {
    let zone = TimeZone::get("Asia/Dhaka").unwrap();
    let weekdays_only = WeeklyHours::new()
        .with_day(Weekday::Monday, vec![interval("09:00", "10:00")])
        .unwrap()
        .with_day(Weekday::Tuesday, vec![interval("09:00", "10:00")])
        .unwrap()
        .with_day(Weekday::Friday, vec![interval("09:00", "10:00")])
        .unwrap();
    let rules = ScheduleRules::new(
        &TimeZoneName::parse("Asia/Dhaka").unwrap(),
        weekdays_only,
        SlotLength::from_minutes(60).unwrap(),
        Buffer::default(),
        MinimumNotice::default(),
        BookingHorizon::from_days(14).unwrap(),
    )
    .with_time_off(vec![TimeOff::whole_days(MONDAY, MONDAY, &zone).unwrap()]);
    let full_tuesday = [Taken::new(
        dhaka_local(date(2026, 12, 8), 9, 0),
        dhaka_local(date(2026, 12, 8), 10, 0),
    )
    .unwrap()];
    let now = at(LONG_BEFORE);
    let saturday = date(2026, 12, 5);
    let without = |rules: &ScheduleRules, taken: &[Taken], now| {
        next_day_with_free_slots(rules, taken, saturday, now)
    };
    assert_eq!(
        without(&rules, &full_tuesday, now),
        None,
        "Dec 5 is beyond a 14-day horizon from Nov 1"
    );
    let now = dhaka_local(date(2026, 12, 1), 12, 0);
    assert_eq!(
        without(&rules, &full_tuesday, now),
        Some(date(2026, 12, 11)),
        "Monday off, Tuesday full"
    );
    assert_eq!(without(&rules, &[], now), Some(date(2026, 12, 8)));
}

#[test]
fn a_date_override_replaces_that_dates_hours_only_and_a_closed_date_offers_nothing() {
    let tuesday = MONDAY.tomorrow().unwrap();
    let wednesday = tuesday.tomorrow().unwrap();
    let rules = every_day("Asia/Dhaka", &[("09:00", "11:00")], 60, 0).with_overrides(vec![
        DateOverride::new(MONDAY, vec![interval("14:00", "16:00")]).unwrap(),
        DateOverride::new(tuesday, vec![]).unwrap(),
    ]);
    let slots = free_slots(&rules, &[], MONDAY..=wednesday, at(LONG_BEFORE));
    assert_eq!(
        slots
            .iter()
            .map(|s| format!("{} {}", s.local_date(), s.local_time()))
            .collect::<Vec<_>>(),
        [
            "2026-12-07 14:00",
            "2026-12-07 15:00",
            "2026-12-09 09:00",
            "2026-12-09 10:00"
        ]
    );
    assert_eq!(
        check_offered(&rules, &[], dhaka_local(MONDAY, 9, 0), at(LONG_BEFORE)),
        Err(NotOffered::OffHours),
        "the weekday's hours do not apply on an overridden date"
    );
    assert_eq!(
        check_offered(&rules, &[], dhaka_local(tuesday, 9, 0), at(LONG_BEFORE)),
        Err(NotOffered::OffHours)
    );
    assert!(is_offered(
        &rules,
        &[],
        dhaka_local(MONDAY, 15, 0),
        at(LONG_BEFORE)
    ));
}
