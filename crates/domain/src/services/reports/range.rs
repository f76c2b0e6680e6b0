//! A report's range: local dates, both included, checked against the clinic's
//! longest range, and their instants in a zone.

use crate::validation::FieldErrors;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The days a report covers when the form leaves both dates empty: the last
/// thirty, today included.
pub const DEFAULT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRange {
    first: Date,
    last: Date,
}

/// The first instant of `day` in `zone` (later than midnight on a day whose
/// midnight is skipped).
pub(super) fn start_of(day: Date, zone: &TimeZone) -> Result<Timestamp, jiff::Error> {
    day.to_zoned(zone.clone()).map(|zoned| zoned.timestamp())
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    // Exactly YYYY-MM-DD, what a date input sends.
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

impl ReportRange {
    /// Both empty: the last `DEFAULT_DAYS` days to `today` (fewer when
    /// `max_days` is less). Otherwise both must be
    /// dates (YYYY-MM-DD), `to` not before `from`, at most `max_days` days.
    pub fn parse(from: &str, to: &str, today: Date, max_days: i64) -> Result<Self, FieldErrors> {
        if from.trim().is_empty() && to.trim().is_empty() {
            let days = DEFAULT_DAYS.min(max_days).max(1);
            let first = today
                .checked_sub(jiff::Span::new().days(days - 1))
                .unwrap_or(today);
            return Ok(Self { first, last: today });
        }
        let mut errors = FieldErrors::new();
        let first = parse_date(from);
        if first.is_none() {
            errors.add("from", "Give the first day as YYYY-MM-DD.");
        }
        let last = parse_date(to);
        if last.is_none() {
            errors.add("to", "Give the last day as YYYY-MM-DD.");
        }
        let (Some(first), Some(last)) = (first, last) else {
            return Err(errors);
        };
        if last < first {
            return Err(FieldErrors::single(
                "to",
                "The last day is before the first; swap them or pick another day.",
            ));
        }
        let range = Self { first, last };
        let days = range.length();
        if days > max_days {
            return Err(FieldErrors::single(
                "to",
                format!("A report covers at most {max_days} days; this range has {days}."),
            ));
        }
        Ok(range)
    }

    pub fn first(&self) -> Date {
        self.first
    }

    pub fn last(&self) -> Date {
        self.last
    }

    /// Days in the range, both ends included.
    pub fn length(&self) -> i64 {
        self.days().count() as i64
    }

    /// Every day, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> {
        let last = self.last;
        std::iter::successors(Some(self.first), |day| day.tomorrow().ok())
            .take_while(move |day| *day <= last)
    }

    /// `[start of the first day, start of the day after the last)` in `zone`.
    pub fn instants(&self, zone: &TimeZone) -> Result<(Timestamp, Timestamp), jiff::Error> {
        Ok((
            start_of(self.first, zone)?,
            start_of(self.last.tomorrow()?, zone)?,
        ))
    }

    /// The calendar months the range touches, each cut to the range: its label
    /// ("2026-11"), its first day and the day after its last.
    pub fn months(&self) -> Vec<(String, Date, Date)> {
        let mut months = Vec::new();
        let mut first = self.first;
        while first <= self.last {
            let after_last = self.last.tomorrow().unwrap_or(self.last);
            let next_month = first
                .first_of_month()
                .checked_add(jiff::Span::new().months(1))
                .unwrap_or(after_last);
            let next = next_month.min(after_last);
            months.push((first.strftime("%Y-%m").to_string(), first, next));
            if next <= first {
                break;
            }
            first = next;
        }
        months
    }
}
