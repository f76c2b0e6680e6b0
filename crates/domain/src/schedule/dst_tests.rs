//! Daylight-saving days, asserted as instants: skipped and repeated hours, and other zones.

use super::examples_tests::{at, every_day};
use super::*;
use jiff::civil::{date, Date};
use jiff::tz::TimeZone;

const SPRING_FORWARD: Date = date(2026, 3, 8);
const FALL_BACK: Date = date(2026, 11, 1);
const LONG_BEFORE: &str = "2026-01-01T00:00:00Z";

fn starts(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(Slot::starts_at_rfc3339).collect()
}

fn instants(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(|s| s.starts_at().to_string()).collect()
}

fn night_doctor(length: u32) -> ScheduleRules {
    every_day("America/New_York", &[("01:00", "03:00")], length, 0)
}

#[test]
fn on_spring_forward_night_the_skipped_hour_offers_no_slot() {
    let rules = night_doctor(30);
    let slots = free_slots(
        &rules,
        &[],
        SPRING_FORWARD..=SPRING_FORWARD,
        at(LONG_BEFORE),
    );
    assert_eq!(
        instants(&slots),
        ["2026-03-08T06:00:00Z", "2026-03-08T06:30:00Z"]
    );
    assert_eq!(
        starts(&slots),
        ["2026-03-08T01:00:00-05:00", "2026-03-08T01:30:00-05:00"]
    );
    assert_eq!(slots[1].ends_at(), at("2026-03-08T07:00:00Z"));
    assert_eq!(slots[1].ends_at_rfc3339(), "2026-03-08T03:00:00-04:00");
}

#[test]
fn on_spring_forward_night_a_slot_must_end_by_the_real_end_of_hours() {
    // 01:00 + 90 minutes of real time is 03:30 daylight time, past the 03:00 end,
    // although 01:00 + 90 minutes of wall time would read 02:30.
    let rules = night_doctor(90);
    let slots = free_slots(
        &rules,
        &[],
        SPRING_FORWARD..=SPRING_FORWARD,
        at(LONG_BEFORE),
    );
    assert!(slots.is_empty(), "{:?}", starts(&slots));
    let rules = night_doctor(60);
    let slots = free_slots(
        &rules,
        &[],
        SPRING_FORWARD..=SPRING_FORWARD,
        at(LONG_BEFORE),
    );
    assert_eq!(instants(&slots), ["2026-03-08T06:00:00Z"]);
}

#[test]
fn a_requested_start_in_the_skipped_hour_is_refused() {
    let rules = night_doctor(30);
    // "02:30 at -05:00" is 07:30Z, which New York calls 03:30: after hours.
    let requested = at("2026-03-08T07:30:00Z");
    assert_eq!(
        check_offered(&rules, &[], requested, at(LONG_BEFORE)),
        Err(NotOffered::OffHours)
    );
}

#[test]
fn on_fall_back_night_the_repeated_hour_offers_each_instant_once_with_its_offset() {
    let rules = night_doctor(60);
    let slots = free_slots(&rules, &[], FALL_BACK..=FALL_BACK, at(LONG_BEFORE));
    assert_eq!(
        instants(&slots),
        [
            "2026-11-01T05:00:00Z",
            "2026-11-01T06:00:00Z",
            "2026-11-01T07:00:00Z"
        ]
    );
    assert_eq!(
        starts(&slots),
        [
            "2026-11-01T01:00:00-04:00",
            "2026-11-01T01:00:00-05:00",
            "2026-11-01T02:00:00-05:00"
        ]
    );
    assert_eq!(local_times(&slots), ["01:00", "01:00", "02:00"]);
    for slot in &slots {
        assert_eq!(slot.local_date(), FALL_BACK);
        assert_eq!(
            check_offered(&rules, &[], slot.starts_at(), at(LONG_BEFORE)).as_ref(),
            Ok(slot)
        );
    }
}

#[test]
fn on_fall_back_night_half_hour_slots_fill_all_three_real_hours() {
    let rules = night_doctor(30);
    let slots = free_slots(&rules, &[], FALL_BACK..=FALL_BACK, at(LONG_BEFORE));
    assert_eq!(
        instants(&slots),
        [
            "2026-11-01T05:00:00Z",
            "2026-11-01T05:30:00Z",
            "2026-11-01T06:00:00Z",
            "2026-11-01T06:30:00Z",
            "2026-11-01T07:00:00Z",
            "2026-11-01T07:30:00Z"
        ]
    );
    assert_eq!(slots[5].ends_at(), at("2026-11-01T08:00:00Z"), "03:00 EST");
}

#[test]
fn booking_the_first_of_two_overlapping_fold_slots_blocks_the_second() {
    // 90-minute slots at both 01:00s overlap each other in real time.
    let rules = night_doctor(90);
    let slots = free_slots(&rules, &[], FALL_BACK..=FALL_BACK, at(LONG_BEFORE));
    assert_eq!(
        instants(&slots),
        ["2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z"]
    );
    let first = Taken::new(slots[0].starts_at(), slots[0].ends_at()).unwrap();
    assert_eq!(
        check_offered(&rules, &[first], slots[1].starts_at(), at(LONG_BEFORE)),
        Err(NotOffered::Taken)
    );
    assert!(free_slots(&rules, &[first], FALL_BACK..=FALL_BACK, at(LONG_BEFORE)).is_empty());
}

#[test]
fn the_days_around_each_change_keep_their_usual_slots() {
    let rules = night_doctor(30);
    let count = |day: Date| free_slots(&rules, &[], day..=day, at(LONG_BEFORE)).len();
    assert_eq!(
        [date(2026, 3, 7), SPRING_FORWARD, date(2026, 3, 9)].map(count),
        [4, 2, 4]
    );
    assert_eq!(
        [date(2026, 10, 31), FALL_BACK, date(2026, 11, 2)].map(count),
        [4, 6, 4]
    );
    let all = free_slots(
        &rules,
        &[],
        date(2026, 3, 7)..=date(2026, 3, 9),
        at(LONG_BEFORE),
    );
    assert_eq!(all.len(), 10);
    assert!(all.windows(2).all(|w| w[0].starts_at() < w[1].starts_at()));
}

#[test]
fn london_skips_one_oclock_in_march_and_repeats_it_in_october() {
    let rules = every_day("Europe/London", &[("00:00", "03:00")], 60, 0);
    let march = date(2026, 3, 29);
    let slots = free_slots(&rules, &[], march..=march, at(LONG_BEFORE));
    assert_eq!(
        starts(&slots),
        ["2026-03-29T00:00:00+00:00", "2026-03-29T02:00:00+01:00"]
    );
    let october = date(2026, 10, 25);
    let slots = free_slots(&rules, &[], october..=october, at(LONG_BEFORE));
    assert_eq!(
        instants(&slots),
        [
            "2026-10-24T23:00:00Z",
            "2026-10-25T00:00:00Z",
            "2026-10-25T01:00:00Z",
            "2026-10-25T02:00:00Z"
        ]
    );
    assert_eq!(slots[1].starts_at_rfc3339(), "2026-10-25T01:00:00+01:00");
    assert_eq!(slots[2].starts_at_rfc3339(), "2026-10-25T01:00:00+00:00");
}

#[test]
fn nine_in_new_york_is_eight_pm_in_dhaka_before_the_change_and_seven_after() {
    let rules = every_day("America/New_York", &[("09:00", "10:00")], 60, 0);
    let dhaka = TimeZone::get("Asia/Dhaka").unwrap();
    let before = free_slots(
        &rules,
        &[],
        date(2026, 3, 6)..=date(2026, 3, 6),
        at(LONG_BEFORE),
    );
    let after = free_slots(
        &rules,
        &[],
        date(2026, 3, 9)..=date(2026, 3, 9),
        at(LONG_BEFORE),
    );
    assert_eq!(before[0].starts_at(), at("2026-03-06T14:00:00Z"));
    assert_eq!(after[0].starts_at(), at("2026-03-09T13:00:00Z"));
    assert_eq!(before[0].start_in(&dhaka).to_string(), "20:00 Dhaka");
    assert_eq!(after[0].start_in(&dhaka).to_string(), "19:00 Dhaka");
    assert_eq!(after[0].start_in(&dhaka).date(), date(2026, 3, 9));
}

#[test]
fn a_new_york_afternoon_is_the_next_day_in_dhaka_and_the_other_way_round() {
    let rules = every_day("America/New_York", &[("14:00", "15:00")], 60, 0);
    let dhaka = TimeZone::get("Asia/Dhaka").unwrap();
    let new_york = TimeZone::get("America/New_York").unwrap();
    let day = date(2026, 1, 15);
    let slot = &free_slots(&rules, &[], day..=day, at(LONG_BEFORE))[0];
    let in_dhaka = slot.start_in(&dhaka);
    assert_eq!(in_dhaka.to_string(), "01:00 Dhaka (next day)");
    // The patient's page puts Dhaka first and marks New York against Dhaka's date.
    let in_new_york = TimeInZone::new(slot.starts_at(), &new_york, in_dhaka.date());
    assert_eq!(
        format!("{} · {in_new_york}", in_dhaka.time()),
        "01:00 · 14:00 New York (previous day)"
    );
}

fn local_times(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(Slot::local_time).collect()
}
