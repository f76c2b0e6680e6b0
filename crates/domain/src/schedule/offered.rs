//! Whether a requested start is an offered slot, and if not, why: for validating a booking.

use super::availability::Availability;
use super::booking_limits::MinimumNotice;
use super::day_grid::day_grid;
use super::rules::ScheduleRules;
use super::slot::Slot;
use super::taken::Taken;
use jiff::Timestamp;

/// Why a requested start time is not an offered slot, in words a patient understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotOffered {
    #[error("This time has already passed.")]
    InThePast,
    #[error("Appointments must be booked at least {notice} ahead.")]
    InsideNotice { notice: MinimumNotice },
    #[error("Appointments can be booked at most {days} days ahead.")]
    BeyondHorizon { days: u32 },
    #[error("The doctor does not see patients at this time.")]
    OffHours,
    #[error("Consultations start at fixed times; please pick one of the times offered.")]
    Misaligned,
    #[error("The doctor is away at this time.")]
    TimeOff,
    #[error("This time has just been taken; please pick another.")]
    Taken,
}

/// The slot starting at `starts_at` when `free_slots` would offer it, or the first
/// reason it would not, checked in this order: past, notice, horizon, hours and grid,
/// time off, taken.
pub fn check_offered(
    rules: &ScheduleRules,
    taken: &[Taken],
    starts_at: Timestamp,
    now: Timestamp,
) -> Result<Slot, NotOffered> {
    let availability = Availability::new(rules, taken, now);
    if let Some(refusal) = availability.timing_refusal(starts_at) {
        return Err(refusal);
    }
    let local = rules.time_zone().to_datetime(starts_at);
    let date = local.date();
    // A fold at midnight can put a neighbouring date's grid at this instant.
    let neighbours = [date.yesterday().ok(), Some(date), date.tomorrow().ok()];
    let slot = neighbours
        .into_iter()
        .flatten()
        .flat_map(|date| day_grid(rules, date))
        .find(|slot| slot.starts_at() == starts_at)
        .ok_or_else(|| off_grid_reason(rules, starts_at))?;
    match availability.busy_refusal(slot.starts_at(), slot.ends_at()) {
        Some(refusal) => Err(refusal),
        None => Ok(slot),
    }
}

/// `check_offered` as a yes or no.
pub fn is_offered(
    rules: &ScheduleRules,
    taken: &[Taken],
    starts_at: Timestamp,
    now: Timestamp,
) -> bool {
    check_offered(rules, taken, starts_at, now).is_ok()
}

/// Inside working hours but between grid times is misaligned; anything else off hours.
fn off_grid_reason(rules: &ScheduleRules, starts_at: Timestamp) -> NotOffered {
    let local = rules.time_zone().to_datetime(starts_at);
    let minute =
        u32::from(local.hour().unsigned_abs()) * 60 + u32::from(local.minute().unsigned_abs());
    let on_the_minute = local.second() == 0 && local.subsec_nanosecond() == 0;
    let step = rules.grid_step_minutes();
    let within = |start: u32, end: u32| (start..end).contains(&minute);
    let in_hours = rules
        .hours_on(local.date())
        .iter()
        .find(|interval| within(interval.start_minute(), interval.end_minute()));
    match in_hours {
        Some(interval) if !on_the_minute || (minute - interval.start_minute()) % step != 0 => {
            NotOffered::Misaligned
        }
        _ => NotOffered::OffHours,
    }
}
