//! Staff managing doctors: profile and weekly hours (time off and other
//! hours on a date: `schedule_changes`), and the parsing of their forms.

use crate::model::{
    Availability, Currency, Doctor, DoctorId, DoctorProfile, Money, PersonName, TimeZoneName,
};
use crate::ports::{Clock, DoctorStore, StoreError};
use crate::schedule::{
    BookingHorizon, Buffer, MinimumNotice, SlotLength, TimeOff, WeeklyHours, WorkingInterval,
};
use crate::services::Cause;
use crate::validation::FieldErrors;
use jiff::civil::{Date, DateTime, Weekday};
use std::sync::Arc;

pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "monday"),
    (Weekday::Tuesday, "tuesday"),
    (Weekday::Wednesday, "wednesday"),
    (Weekday::Thursday, "thursday"),
    (Weekday::Friday, "friday"),
    (Weekday::Saturday, "saturday"),
    (Weekday::Sunday, "sunday"),
];

#[derive(Debug, Clone, Default)]
pub struct DoctorForm {
    pub name: String,
    pub specialty: String,
    pub bio: String,
    /// In major units, e.g. "1500" or "1500.50".
    pub fee: String,
    pub timezone: String,
    pub slot_minutes: String,
    pub buffer_minutes: String,
    pub notice_minutes: String,
    pub horizon_days: String,
    pub active: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DoctorAdminError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("no such doctor")]
    NotFound,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for DoctorAdminError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => DoctorAdminError::NotFound,
            other => DoctorAdminError::Unexpected(other.into()),
        }
    }
}

fn number(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| "Enter a whole number.".to_owned())
}

pub(crate) fn short_text(text: &str, max: usize, what: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.chars().count() > max {
        return Err(format!("{what} can be at most {max} characters."));
    }
    if crate::validation::has_forbidden_control(trimmed, true) {
        return Err(format!("{what} cannot contain control characters."));
    }
    Ok(trimmed.to_owned())
}

impl DoctorForm {
    pub fn validate(&self, currency: Currency) -> Result<DoctorProfile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let specialty = errors.check(
            "specialty",
            short_text(&self.specialty, 100, "The specialty").and_then(|s| {
                if s.is_empty() {
                    Err("Enter the doctor's specialty.".to_owned())
                } else {
                    Ok(s)
                }
            }),
        );
        let bio = errors.check("bio", short_text(&self.bio, 2000, "The biography"));
        let fee = errors.check(
            "fee",
            Money::parse_major(&self.fee, currency)
                .ok_or_else(|| format!("Enter the fee in {currency}, such as 1500 or 1500.50.")),
        );
        let timezone = errors.check("timezone", TimeZoneName::parse(&self.timezone));
        let slot_length = errors.check(
            "slot_minutes",
            number(&self.slot_minutes)
                .and_then(|m| SlotLength::from_minutes(m).map_err(|e| e.to_string())),
        );
        let buffer = errors.check(
            "buffer_minutes",
            number(&self.buffer_minutes)
                .and_then(|m| Buffer::from_minutes(m).map_err(|e| e.to_string())),
        );
        let notice = errors.check(
            "notice_minutes",
            number(&self.notice_minutes)
                .and_then(|m| MinimumNotice::from_minutes(m).map_err(|e| e.to_string())),
        );
        let horizon = errors.check(
            "horizon_days",
            number(&self.horizon_days)
                .and_then(|d| BookingHorizon::from_days(d).map_err(|e| e.to_string())),
        );
        match (
            name,
            specialty,
            bio,
            fee,
            timezone,
            slot_length,
            buffer,
            notice,
            horizon,
        ) {
            (
                Some(name),
                Some(specialty),
                Some(bio),
                Some(fee),
                Some(timezone),
                Some(slot_length),
                Some(buffer),
                Some(notice),
                Some(horizon),
            ) => Ok(DoctorProfile {
                name,
                specialty,
                bio,
                fee,
                timezone,
                slot_length,
                buffer,
                notice,
                horizon,
                active: self.active,
            }),
            _ => Err(errors),
        }
    }
}

/// Parses "09:00-12:00, 14:00-17:00" (empty: a day off).
pub fn parse_day_hours(text: &str) -> Result<Vec<WorkingInterval>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (start, end) = part
                .split_once('-')
                .or_else(|| part.split_once('–'))
                .ok_or_else(|| format!("Write each period as 09:00-12:00 (got “{part}”)."))?;
            WorkingInterval::parse(start.trim(), end.trim()).map_err(|e| e.to_string())
        })
        .collect()
}

/// "09:00-12:00, 14:00-17:00" for a form.
pub fn format_day_hours(intervals: &[WorkingInterval]) -> String {
    intervals
        .iter()
        .map(|i| i.to_string().replace('–', "-"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses the seven weekday fields of the hours form, keyed by lower-case day name.
pub fn parse_weekly_hours(days: &[(&'static str, String)]) -> Result<WeeklyHours, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut hours = WeeklyHours::new();
    for (weekday, field) in WEEKDAYS {
        let text = days
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        match parse_day_hours(text)
            .and_then(|intervals| hours.set_day(weekday, intervals).map_err(|e| e.to_string()))
        {
            Ok(()) => {}
            Err(message) => errors.add(field, message),
        }
    }
    errors.into_result().map(|()| hours)
}

/// A time-off period from the form: dates ("2026-12-24", whole days, inclusive)
/// or local date-times ("2026-12-24T13:00") in the doctor's zone.
pub fn parse_time_off(start: &str, end: &str, zone: &TimeZoneName) -> Result<TimeOff, FieldErrors> {
    let tz = zone.time_zone();
    let (start, end) = (start.trim(), end.trim());
    let result = match (start.parse::<Date>(), end.parse::<Date>()) {
        (Ok(first), Ok(last)) if start.len() == 10 && end.len() == 10 => {
            TimeOff::whole_days(first, last, &tz).map_err(|e| ("end", e.to_string()))
        }
        _ => match (start.parse::<DateTime>(), end.parse::<DateTime>()) {
            (Ok(from), Ok(to)) => TimeOff::local(from, to, &tz).map_err(|e| ("end", e.to_string())),
            (Err(_), _) => Err((
                "start",
                "Enter a date such as 2026-12-24, or a date and time such as 2026-12-24T13:00."
                    .to_owned(),
            )),
            (_, Err(_)) => Err((
                "end",
                "Enter a date such as 2026-12-26, or a date and time such as 2026-12-24T17:00."
                    .to_owned(),
            )),
        },
    };
    result.map_err(|(field, message)| FieldErrors::single(field, message))
}

/// The admin's use cases for doctors.
#[derive(Clone)]
pub struct Doctors {
    store: Arc<dyn DoctorStore>,
    clock: Arc<dyn Clock>,
    currency: Currency,
}

impl Doctors {
    pub fn new(store: Arc<dyn DoctorStore>, clock: Arc<dyn Clock>, currency: Currency) -> Self {
        Self {
            store,
            clock,
            currency,
        }
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub async fn all(&self) -> Result<Vec<Doctor>, StoreError> {
        self.store.list_doctors(false).await
    }

    /// The doctor's time zone, active or not (appointments keep showing in it).
    pub async fn zone(&self, id: DoctorId) -> Result<Option<jiff::tz::TimeZone>, StoreError> {
        Ok(self
            .store
            .doctor(id)
            .await?
            .map(|d| d.profile.timezone.time_zone()))
    }

    pub async fn get(&self, id: DoctorId) -> Result<(Doctor, Availability), DoctorAdminError> {
        let doctor = self
            .store
            .doctor(id)
            .await?
            .ok_or(DoctorAdminError::NotFound)?;
        let availability = self.store.availability(id, self.clock.now()).await?;
        Ok((doctor, availability))
    }

    pub async fn create(&self, form: &DoctorForm) -> Result<DoctorId, DoctorAdminError> {
        let profile = form
            .validate(self.currency)
            .map_err(DoctorAdminError::Invalid)?;
        Ok(self.store.create_doctor(profile, self.clock.now()).await?)
    }

    /// Creates a doctor with hours in one go (demo seeding, imports).
    pub async fn create_with_hours(
        &self,
        profile: DoctorProfile,
        hours: WeeklyHours,
    ) -> Result<DoctorId, DoctorAdminError> {
        let id = self.store.create_doctor(profile, self.clock.now()).await?;
        self.store.set_weekly_hours(id, hours).await?;
        Ok(id)
    }

    pub async fn update(&self, id: DoctorId, form: &DoctorForm) -> Result<(), DoctorAdminError> {
        let profile = form
            .validate(self.currency)
            .map_err(DoctorAdminError::Invalid)?;
        Ok(self.store.update_doctor(id, profile).await?)
    }

    pub async fn set_hours(
        &self,
        id: DoctorId,
        days: &[(&'static str, String)],
    ) -> Result<(), DoctorAdminError> {
        let hours = parse_weekly_hours(days).map_err(DoctorAdminError::Invalid)?;
        Ok(self.store.set_weekly_hours(id, hours).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_hours_parse_with_breaks_and_refuse_nonsense() {
        let intervals = parse_day_hours("09:00-12:00, 14:00-17:30").unwrap();
        assert_eq!(format_day_hours(&intervals), "09:00-12:00, 14:00-17:30");
        assert!(parse_day_hours("").unwrap().is_empty(), "a day off");
        assert!(parse_day_hours("9 to 5").is_err());
        assert!(parse_day_hours("12:00-09:00").is_err(), "end before start");
    }

    #[test]
    fn overlapping_periods_name_their_day() {
        let days = vec![("monday", "09:00-12:00, 11:00-13:00".to_owned())];
        let errors = parse_weekly_hours(&days).unwrap_err();
        assert!(errors.message_for("monday").is_some());
    }

    #[test]
    fn the_doctor_form_validates_every_field() {
        let form = DoctorForm {
            name: "".into(),
            specialty: "".into(),
            fee: "12.345".into(),
            timezone: "Nowhere/City".into(),
            slot_minutes: "0".into(),
            buffer_minutes: "x".into(),
            notice_minutes: "120".into(),
            horizon_days: "60".into(),
            ..DoctorForm::default()
        };
        let errors = form.validate(Currency::parse("BDT").unwrap()).unwrap_err();
        for field in [
            "name",
            "specialty",
            "fee",
            "timezone",
            "slot_minutes",
            "buffer_minutes",
        ] {
            assert!(
                errors.message_for(field).is_some(),
                "{field} should have an error"
            );
        }
        assert!(errors.message_for("horizon_days").is_none());
    }

    #[test]
    fn time_off_takes_dates_or_local_date_times() {
        let zone = TimeZoneName::parse("Asia/Dhaka").unwrap();
        let days = parse_time_off("2026-12-24", "2026-12-25", &zone).unwrap();
        assert_eq!(days.start().to_string(), "2026-12-23T18:00:00Z");
        assert_eq!(days.end().to_string(), "2026-12-25T18:00:00Z");
        let afternoon = parse_time_off("2026-12-24T13:00", "2026-12-24T17:00", &zone).unwrap();
        assert_eq!(afternoon.start().to_string(), "2026-12-24T07:00:00Z");
        assert!(parse_time_off("tomorrow", "2026-12-25", &zone).is_err());
        assert!(parse_time_off("2026-12-25", "2026-12-24", &zone).is_err());
    }
}
