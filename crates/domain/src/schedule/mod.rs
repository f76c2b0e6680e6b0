//! A doctor's scheduling rules and the free slots they offer, correct across DST changes.
//!
//! Rules are validated values ([`WeeklyHours`], [`DateOverride`], [`TimeOff`], [`SlotLength`], [`Buffer`],
//! [`MinimumNotice`], [`BookingHorizon`], the doctor's zone) gathered in
//! [`ScheduleRules`]. [`free_slots`] lists what a patient may book; [`check_offered`]
//! says why a requested start is not offered. Everything here is pure.

mod availability;
mod booking_limits;
mod busy_index;
mod date_override;
mod day_grid;
mod error;
mod free_slots;
mod offered;
mod offered_time;
mod other_zone;
mod rules;
mod slot;
mod taken;
mod time_off;
mod working_hours;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod dst_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod examples_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod naive_oracle;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod property_tests;

pub use booking_limits::{BookingHorizon, Buffer, MinimumNotice, SlotLength};
pub use date_override::DateOverride;
pub use error::RuleError;
pub use free_slots::{free_slots, next_day_with_free_slots};
pub use offered::{check_offered, is_offered, NotOffered};
pub use offered_time::offered_slots;
pub use other_zone::{place_name, RelativeDay, TimeInZone};
pub use rules::ScheduleRules;
pub use slot::Slot;
pub use taken::Taken;
pub use time_off::TimeOff;
pub use working_hours::{WeeklyHours, WorkingInterval, MINUTES_PER_DAY};
