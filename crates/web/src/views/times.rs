//! How instants are shown: always with their zone, in the doctor's zone first and
//! the patient's beside it when it differs ("10:00 Dhaka · 23:00 New York (previous day)").

use consulta_domain::schedule::{place_name, TimeInZone};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use minijinja::{context, Value};

/// The patient's own zone, when set and different from the doctor's.
pub fn other_zone(doctor: &TimeZone, patient: Option<&TimeZone>) -> Option<TimeZone> {
    patient
        .filter(|p| p.iana_name() != doctor.iana_name())
        .cloned()
}

/// "Tuesday 1 December 2026"
pub fn long_date(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%A %-d %B %Y")
        .to_string()
}

/// "10:00 Dhaka"
pub fn time_with_place(at: Timestamp, zone: &TimeZone) -> String {
    format!(
        "{} {}",
        at.to_zoned(zone.clone()).strftime("%H:%M"),
        place_name(zone)
    )
}

/// Everything a template shows of one instant.
pub fn when(at: Timestamp, doctor: &TimeZone, patient: Option<&TimeZone>) -> Value {
    let local = at.to_zoned(doctor.clone());
    let theirs = other_zone(doctor, patient)
        .map(|zone| TimeInZone::new(at, &zone, local.date()).to_string());
    context! {
        date => long_date(at, doctor),
        time => local.strftime("%H:%M").to_string(),
        place => place_name(doctor),
        offset => local.strftime("%:z").to_string(),
        theirs => theirs,
        rfc3339 => local.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

/// "25 Nov 2026" in UTC, for dates that carry no time of day worth a zone.
pub fn display_date(at: Timestamp) -> String {
    at.strftime("%-d %b %Y").to_string()
}
