//! A slot's start shown in another zone (the patient's), marked when the date differs.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::fmt;

/// Where the other zone's date lies relative to a reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeDay {
    Same,
    Previous,
    Next,
    /// Two days or more apart (zones 26 hours apart); negative means earlier.
    DaysApart(i32),
}

/// "23:00 New York (previous day)": an instant's wall time in one zone, relative to a
/// date in another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeInZone {
    date: Date,
    time: String,
    place: String,
    relative: RelativeDay,
}

impl TimeInZone {
    /// `instant` in `zone`, compared with `reference_date` (the date shown beside it).
    pub fn new(instant: Timestamp, zone: &TimeZone, reference_date: Date) -> Self {
        let local = instant.to_zoned(zone.clone());
        let date = local.date();
        let days = reference_date
            .until(date)
            .map(|span| span.get_days())
            .unwrap_or(0);
        let relative = match days {
            0 => RelativeDay::Same,
            -1 => RelativeDay::Previous,
            1 => RelativeDay::Next,
            other => RelativeDay::DaysApart(other),
        };
        Self {
            date,
            time: local.strftime("%H:%M").to_string(),
            place: place_name(zone),
            relative,
        }
    }

    pub fn date(&self) -> Date {
        self.date
    }

    /// "HH:MM" in that zone.
    pub fn time(&self) -> &str {
        &self.time
    }

    /// The zone's city, "New York" for America/New_York.
    pub fn place(&self) -> &str {
        &self.place
    }

    pub fn relative_day(&self) -> RelativeDay {
        self.relative
    }
}

impl fmt::Display for TimeInZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.time, self.place)?;
        match self.relative {
            RelativeDay::Same => Ok(()),
            RelativeDay::Previous => f.write_str(" (previous day)"),
            RelativeDay::Next => f.write_str(" (next day)"),
            RelativeDay::DaysApart(days) if days < 0 => write!(f, " ({} days earlier)", -days),
            RelativeDay::DaysApart(days) => write!(f, " ({days} days later)"),
        }
    }
}

/// The last part of an IANA name with spaces: "Asia/Dhaka" → "Dhaka".
pub fn place_name(zone: &TimeZone) -> String {
    let name = zone.iana_name().unwrap_or("UTC");
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_morning_in_dhaka_is_the_previous_evening_in_new_york() {
        let dhaka = TimeZone::get("Asia/Dhaka").unwrap();
        let new_york = TimeZone::get("America/New_York").unwrap();
        let instant: Timestamp = "2026-01-15T04:00:00Z".parse().unwrap();
        let in_dhaka = TimeInZone::new(instant, &dhaka, date(2026, 1, 15));
        let in_new_york = TimeInZone::new(instant, &new_york, in_dhaka.date());
        assert_eq!(
            format!("{in_dhaka} · {in_new_york}"),
            "10:00 Dhaka · 23:00 New York (previous day)"
        );
        assert_eq!(in_new_york.relative_day(), RelativeDay::Previous);
    }

    #[test]
    fn zones_a_day_apart_are_marked_next_day_and_far_zones_by_count() {
        let kiritimati = TimeZone::get("Pacific/Kiritimati").unwrap();
        let instant: Timestamp = "2026-01-15T12:00:00Z".parse().unwrap();
        let shown = TimeInZone::new(instant, &kiritimati, date(2026, 1, 15));
        assert_eq!(shown.to_string(), "02:00 Kiritimati (next day)");
        let far = TimeInZone::new(instant, &kiritimati, date(2026, 1, 14));
        assert_eq!(far.to_string(), "02:00 Kiritimati (2 days later)");
    }
}
