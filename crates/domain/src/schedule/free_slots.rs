//! The free slots of a doctor over a range of local dates, and the next day that has any.

use super::availability::{dates, Availability};
use super::rules::ScheduleRules;
use super::slot::Slot;
use super::taken::Taken;
use jiff::civil::Date;
use jiff::Timestamp;
use std::ops::RangeInclusive;

/// The slots a patient may book on the doctor's local dates `range` (inclusive), sorted
/// by instant, each instant once.
///
/// A slot is on the grid of its local date (see the `day_grid` module for DST), ends by
/// its working interval's real end, starts no earlier than `now` + notice and no later
/// than `now` + horizon, overlaps no time off, and overlaps no taken appointment widened
/// by the buffer on both sides. In a repeated hour a civil time is offered at both its
/// instants, so on those nights neighbouring offered slots may overlap each other;
/// booking one blocks the other through `taken`.
pub fn free_slots(
    rules: &ScheduleRules,
    taken: &[Taken],
    range: RangeInclusive<Date>,
    now: Timestamp,
) -> Vec<Slot> {
    let availability = Availability::new(rules, taken, now);
    let (first_bookable, last_bookable) = availability.bookable_dates();
    let first = (*range.start()).max(first_bookable);
    let last = (*range.end()).min(last_bookable);
    let mut slots: Vec<Slot> = dates(first, last)
        .flat_map(|date| availability.free_on(date).collect::<Vec<_>>())
        .collect();
    slots.sort_by_key(Slot::starts_at);
    slots.dedup_by_key(|slot| slot.starts_at());
    slots
}

/// The first local date after `after` with at least one free slot, looking no further
/// than the booking horizon.
pub fn next_day_with_free_slots(
    rules: &ScheduleRules,
    taken: &[Taken],
    after: Date,
    now: Timestamp,
) -> Option<Date> {
    let availability = Availability::new(rules, taken, now);
    let (first_bookable, last_bookable) = availability.bookable_dates();
    let first = after.tomorrow().ok()?.max(first_bookable);
    dates(first, last_bookable).find(|date| availability.free_on(*date).next().is_some())
}
