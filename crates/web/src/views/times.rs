//! How instants are shown: always with their zone, in the doctor's zone first and
//! the patient's beside it when it differs ("10:00 Dhaka · 23:00 New York (previous day)").
//! Pages, the slots JSON (and so the script's picker) and the mails all take
//! their text from here, so a time reads the same wherever it appears.

use consulta_domain::schedule::{place_name, TimeInZone};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use minijinja::Value;
use serde::Serialize;

/// The patient's own zone, when set and different from the doctor's.
pub fn other_zone(doctor: &TimeZone, patient: Option<&TimeZone>) -> Option<TimeZone> {
    patient
        .filter(|p| p.iana_name() != doctor.iana_name())
        .cloned()
}

/// "Tuesday 1 December 2026"
pub fn long_date(at: Timestamp, zone: &TimeZone) -> String {
    day_label(at.to_zoned(zone.clone()).date())
}

/// "Tuesday 1 December 2026": a calendar day as every page and mail writes it.
pub fn day_label(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// "10:00 Dhaka"
pub fn time_with_place(at: Timestamp, zone: &TimeZone) -> String {
    format!(
        "{} {}",
        at.to_zoned(zone.clone()).strftime("%H:%M"),
        place_name(zone)
    )
}

/// One instant as shown: in the doctor's zone, and the patient's beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// "Friday 4 December 2026", the doctor's date.
    pub date: String,
    /// "13:00"
    pub time: String,
    /// "New York"
    pub place: String,
    /// "13:00 New York"
    pub label: String,
    /// "-05:00"
    pub offset: String,
    /// "00:00 Dhaka (next day)", when the patient's zone differs.
    pub theirs: Option<String>,
    pub rfc3339: String,
}

pub fn shown(at: Timestamp, doctor: &TimeZone, patient: Option<&TimeZone>) -> Shown {
    let local = at.to_zoned(doctor.clone());
    let theirs = other_zone(doctor, patient)
        .map(|zone| TimeInZone::new(at, &zone, local.date()).to_string());
    Shown {
        date: day_label(local.date()),
        time: local.strftime("%H:%M").to_string(),
        place: place_name(doctor),
        label: time_with_place(at, doctor),
        offset: local.strftime("%:z").to_string(),
        theirs,
        rfc3339: local.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

/// Everything a template shows of one instant.
pub fn when(at: Timestamp, doctor: &TimeZone, patient: Option<&TimeZone>) -> Value {
    Value::from_serialize(shown(at, doctor, patient))
}

/// "25 Nov 2026" in UTC, for dates that carry no time of day worth a zone.
pub fn display_date(at: Timestamp) -> String {
    at.strftime("%-d %b %Y").to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_afternoon_in_new_york_is_past_midnight_in_dhaka_and_says_so() {
        let new_york = TimeZone::get("America/New_York").unwrap();
        let dhaka = TimeZone::get("Asia/Dhaka").unwrap();
        let at: Timestamp = "2026-12-04T18:00:00Z".parse().unwrap();
        let shown = shown(at, &new_york, Some(&dhaka));
        assert_eq!(shown.date, "Friday 4 December 2026");
        assert_eq!(shown.label, "13:00 New York");
        assert_eq!(shown.theirs.as_deref(), Some("00:00 Dhaka (next day)"));
    }
}
