//! One doctor's rules and taken times prepared for many questions at one `now`.

use super::busy_index::BusyIndex;
use super::day_grid::day_grid;
use super::offered::NotOffered;
use super::rules::ScheduleRules;
use super::slot::Slot;
use super::taken::Taken;
use jiff::civil::Date;
use jiff::Timestamp;

pub(super) struct Availability<'r> {
    rules: &'r ScheduleRules,
    now: Timestamp,
    earliest: Timestamp,
    latest: Timestamp,
    taken: BusyIndex,
    time_off: BusyIndex,
}

impl<'r> Availability<'r> {
    pub(super) fn new(rules: &'r ScheduleRules, taken: &[Taken], now: Timestamp) -> Self {
        let buffer = rules.buffer().duration();
        // A taken appointment blocks [start - buffer, end + buffer].
        let padded = taken
            .iter()
            .map(|t| {
                (
                    t.starts_at()
                        .saturating_sub(buffer)
                        .unwrap_or(Timestamp::MIN),
                    t.ends_at().saturating_add(buffer).unwrap_or(Timestamp::MAX),
                )
            })
            .collect();
        let time_off = rules
            .time_off()
            .iter()
            .map(|off| (off.start(), off.end()))
            .collect();
        Self {
            rules,
            now,
            earliest: now
                .saturating_add(rules.notice().duration())
                .unwrap_or(Timestamp::MAX),
            latest: rules
                .horizon()
                .last_instant(&now.to_zoned(rules.time_zone().clone())),
            taken: BusyIndex::new(padded),
            time_off: BusyIndex::new(time_off),
        }
    }

    /// Why a slot of the grid cannot be booked now, or `None` when it is free.
    pub(super) fn refusal(&self, slot: &Slot) -> Option<NotOffered> {
        self.timing_refusal(slot.starts_at())
            .or_else(|| self.busy_refusal(slot.starts_at(), slot.ends_at()))
    }

    /// Past, inside the notice, or beyond the horizon.
    pub(super) fn timing_refusal(&self, starts_at: Timestamp) -> Option<NotOffered> {
        if starts_at < self.now {
            Some(NotOffered::InThePast)
        } else if starts_at < self.earliest {
            Some(NotOffered::InsideNotice {
                notice: self.rules.notice(),
            })
        } else if starts_at > self.latest {
            Some(NotOffered::BeyondHorizon {
                days: self.rules.horizon().days(),
            })
        } else {
            None
        }
    }

    /// On time off, or overlapping a taken appointment with its buffer.
    pub(super) fn busy_refusal(&self, start: Timestamp, end: Timestamp) -> Option<NotOffered> {
        if self.time_off.overlaps(start, end) {
            Some(NotOffered::TimeOff)
        } else if self.taken.overlaps(start, end) {
            Some(NotOffered::Taken)
        } else {
            None
        }
    }

    /// The free slots of one local date, in grid order.
    pub(super) fn free_on(&self, date: Date) -> impl Iterator<Item = Slot> + '_ {
        day_grid(self.rules, date)
            .into_iter()
            .filter(move |slot| self.refusal(slot).is_none())
    }

    /// Local dates that can hold a bookable slot: from the day before `now`'s date to
    /// the day after the horizon's (a fold at midnight can mix neighbouring dates).
    pub(super) fn bookable_dates(&self) -> (Date, Date) {
        let zone = self.rules.time_zone();
        let today = zone.to_datetime(self.now).date();
        let last = zone.to_datetime(self.latest).date();
        (
            today.yesterday().unwrap_or(today),
            last.tomorrow().unwrap_or(last),
        )
    }
}

/// The dates from `first` to `last` inclusive.
pub(super) fn dates(first: Date, last: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(first), |date| date.tomorrow().ok())
        .take_while(move |date| *date <= last)
}
