//! Every slot a doctor's week offers over a range of local dates, booked or not and
//! whenever it is asked: what a utilisation report measures bookings against.

use super::availability::dates;
use super::busy_index::BusyIndex;
use super::day_grid::day_grid;
use super::rules::ScheduleRules;
use super::slot::Slot;
use jiff::civil::Date;
use std::ops::RangeInclusive;

/// The grid slots of the doctor's local dates `range` (inclusive) that overlap no
/// time off, sorted by instant, each instant once. Unlike `free_slots` it ignores
/// `now` (notice, horizon) and appointments: a past slot was offered too.
pub fn offered_slots(rules: &ScheduleRules, range: RangeInclusive<Date>) -> Vec<Slot> {
    let time_off = BusyIndex::new(
        rules
            .time_off()
            .iter()
            .map(|off| (off.start(), off.end()))
            .collect(),
    );
    let mut slots: Vec<Slot> = dates(*range.start(), *range.end())
        .flat_map(|date| day_grid(rules, date))
        .filter(|slot| !time_off.overlaps(slot.starts_at(), slot.ends_at()))
        .collect();
    slots.sort_by_key(Slot::starts_at);
    slots.dedup_by_key(|slot| slot.starts_at());
    slots
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::TimeZoneName;
    use crate::schedule::{
        BookingHorizon, Buffer, MinimumNotice, SlotLength, TimeOff, WeeklyHours, WorkingInterval,
    };
    use jiff::civil::{date, Weekday};

    fn rules(zone: &str) -> ScheduleRules {
        // Mondays 09:00-12:00, 30-minute slots with a 10-minute buffer: 09:00,
        // 09:40, 10:20, 11:00 fit; 11:40 would end at 12:10.
        let hours = WeeklyHours::new()
            .with_day(
                Weekday::Monday,
                vec![WorkingInterval::new(9 * 60, 12 * 60).unwrap()],
            )
            .unwrap();
        ScheduleRules::new(
            &TimeZoneName::parse(zone).unwrap(),
            hours,
            SlotLength::from_minutes(30).unwrap(),
            Buffer::from_minutes(10).unwrap(),
            MinimumNotice::from_minutes(0).unwrap(),
            BookingHorizon::from_days(1).unwrap(),
        )
    }

    #[test]
    fn the_weeks_grid_over_the_range_is_offered_minus_time_off() {
        let rules = rules("Asia/Dhaka");
        // Mondays 7 and 14 December 2026: 4 slots each.
        let range = date(2026, 12, 7)..=date(2026, 12, 20);
        assert_eq!(offered_slots(&rules, range.clone()).len(), 8);
        // Away 09:00-10:00 on the 14th: 09:00 and 09:40 go.
        let zone = rules.time_zone().clone();
        let off = TimeOff::local(
            date(2026, 12, 14).at(9, 0, 0, 0),
            date(2026, 12, 14).at(10, 0, 0, 0),
            &zone,
        )
        .unwrap();
        let rules = rules.with_time_off(vec![off]);
        let slots = offered_slots(&rules, range);
        assert_eq!(slots.len(), 6);
        assert_eq!(slots[4].local_time(), "10:20");
    }

    #[test]
    fn past_dates_count_as_offered() {
        let slots = offered_slots(&rules("Europe/London"), date(2020, 1, 6)..=date(2020, 1, 6));
        assert_eq!(slots.len(), 4);
        assert_eq!(slots[0].starts_at().to_string(), "2020-01-06T09:00:00Z");
    }
}
