//! Why a doctor's scheduling rule was refused, in words a clinic admin understands.

use super::working_hours::{clock, weekday_name, WorkingInterval};
use jiff::civil::Weekday;

/// A scheduling rule that cannot be accepted, with the reason an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("Working hours lie between 00:00 and 24:00; {} is outside the day.", clock(*.minute))]
    OutsideDay { minute: u32 },
    #[error("A working period must end after it starts ({} to {} does not).", clock(*.start), clock(*.end))]
    EmptyInterval { start: u32, end: u32 },
    #[error("Write times as HH:MM, for example 09:00 or 17:30 (\"{0}\" is not).")]
    MalformedTime(String),
    #[error("On {}, {first} overlaps {second}: working periods of one day must not overlap.", weekday_name(*.weekday))]
    OverlappingIntervals {
        weekday: Weekday,
        first: WorkingInterval,
        second: WorkingInterval,
    },
    #[error("A consultation lasts between {min} and {max} minutes ({given} is outside that).")]
    SlotLength { given: u32, min: u32, max: u32 },
    #[error("The pause between consultations is between {min} and {max} minutes ({given} is outside that).")]
    Buffer { given: u32, min: u32, max: u32 },
    #[error("The minimum notice is between 0 minutes and {max_days} days.")]
    Notice { max_days: u32 },
    #[error("The booking horizon is between {min} and {max} days ({given} is outside that).")]
    Horizon { given: u32, min: u32, max: u32 },
    #[error("Time off must end after it starts.")]
    EndNotAfterStart,
    #[error("The last day off cannot come before the first.")]
    DaysOutOfOrder,
    #[error("That date is outside the calendar the clinic can schedule.")]
    DateOutOfRange,
}
