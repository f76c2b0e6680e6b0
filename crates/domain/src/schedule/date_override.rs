//! Other hours on one local date, or none (closed): an exception to the weekly hours.

use super::error::RuleError;
use super::working_hours::{WeeklyHours, WorkingInterval};
use jiff::civil::Date;

/// On `date` the doctor works `hours` instead of the weekday's; empty: closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOverride {
    date: Date,
    hours: Vec<WorkingInterval>,
}

impl DateOverride {
    /// Intervals are sorted; overlapping ones are refused as in the weekly hours.
    pub fn new(date: Date, hours: Vec<WorkingInterval>) -> Result<Self, RuleError> {
        // The weekly hours' own check, so both refuse overlaps with the same words.
        let checked = WeeklyHours::new().with_day(date.weekday(), hours)?;
        Ok(Self {
            date,
            hours: checked.on(date.weekday()).to_vec(),
        })
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn hours(&self) -> &[WorkingInterval] {
        &self.hours
    }

    pub fn is_closed(&self) -> bool {
        self.hours.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_override_keeps_its_intervals_sorted_and_refuses_overlaps() {
        let late = WorkingInterval::parse("14:00", "16:00").unwrap();
        let early = WorkingInterval::parse("10:00", "12:00").unwrap();
        let day = DateOverride::new(date(2026, 12, 24), vec![late, early]).unwrap();
        assert_eq!(day.hours(), &[early, late]);
        assert!(!day.is_closed());
        let overlap = WorkingInterval::parse("11:00", "15:00").unwrap();
        assert!(matches!(
            DateOverride::new(date(2026, 12, 24), vec![early, overlap]),
            Err(RuleError::OverlappingIntervals { .. })
        ));
        assert!(DateOverride::new(date(2026, 12, 25), vec![])
            .unwrap()
            .is_closed());
    }
}
