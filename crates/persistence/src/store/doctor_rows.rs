//! Diesel rows of doctors, their weekly hours and time off, and their
//! conversion to domain values through the domain's own constructors.

use super::corrupt;
use crate::instant::{from_unix, to_unix};
use crate::schema::{doctor_hours, doctor_time_off, doctors};
use consulta_domain::model::{
    Currency, Doctor, DoctorId, DoctorProfile, Money, PersonName, TimeOffEntry, TimeZoneName,
};
use consulta_domain::ports::StoreError;
use consulta_domain::schedule::{
    BookingHorizon, Buffer, MinimumNotice, SlotLength, TimeOff, WeeklyHours, WorkingInterval,
};
use diesel::prelude::*;
use jiff::civil::Weekday;

#[derive(Queryable, Selectable)]
#[diesel(table_name = doctors, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct DoctorRow {
    id: i64,
    name: String,
    specialty: String,
    bio: String,
    fee_minor: i64,
    fee_currency: String,
    timezone: String,
    slot_minutes: i32,
    buffer_minutes: i32,
    min_notice_minutes: i32,
    horizon_days: i32,
    active: bool,
}

fn minutes(column: &str, value: i32) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|e| corrupt(column, e))
}

impl DoctorRow {
    pub(super) fn into_doctor(self) -> Result<Doctor, StoreError> {
        let currency =
            Currency::parse(&self.fee_currency).map_err(|e| corrupt("doctors.fee_currency", e))?;
        let profile = DoctorProfile {
            name: PersonName::parse(&self.name).map_err(|e| corrupt("doctors.name", e))?,
            specialty: self.specialty,
            bio: self.bio,
            fee: Money::new(self.fee_minor, currency),
            timezone: TimeZoneName::parse(&self.timezone)
                .map_err(|e| corrupt("doctors.timezone", e))?,
            slot_length: SlotLength::from_minutes(minutes(
                "doctors.slot_minutes",
                self.slot_minutes,
            )?)
            .map_err(|e| corrupt("doctors.slot_minutes", e))?,
            buffer: Buffer::from_minutes(minutes("doctors.buffer_minutes", self.buffer_minutes)?)
                .map_err(|e| corrupt("doctors.buffer_minutes", e))?,
            notice: MinimumNotice::from_minutes(minutes(
                "doctors.min_notice_minutes",
                self.min_notice_minutes,
            )?)
            .map_err(|e| corrupt("doctors.min_notice_minutes", e))?,
            horizon: BookingHorizon::from_days(minutes("doctors.horizon_days", self.horizon_days)?)
                .map_err(|e| corrupt("doctors.horizon_days", e))?,
            active: self.active,
        };
        Ok(Doctor {
            id: DoctorId::new(self.id),
            profile,
        })
    }
}

/// The profile's columns, for INSERT and UPDATE alike.
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = doctors)]
pub(super) struct DoctorValues<'a> {
    name: &'a str,
    specialty: &'a str,
    bio: &'a str,
    fee_minor: i64,
    fee_currency: String,
    timezone: &'a str,
    slot_minutes: i32,
    buffer_minutes: i32,
    min_notice_minutes: i32,
    horizon_days: i32,
    active: bool,
}

/// Every limit is validated far below `i32::MAX`; saturating keeps this total.
fn small(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl<'a> DoctorValues<'a> {
    pub(super) fn of(profile: &'a DoctorProfile) -> Self {
        Self {
            name: profile.name.as_str(),
            specialty: &profile.specialty,
            bio: &profile.bio,
            fee_minor: profile.fee.minor(),
            fee_currency: profile.fee.currency().code().to_owned(),
            timezone: profile.timezone.as_str(),
            slot_minutes: small(profile.slot_length.minutes()),
            buffer_minutes: small(profile.buffer.minutes()),
            min_notice_minutes: small(profile.notice.minutes()),
            horizon_days: small(profile.horizon.days()),
            active: profile.active,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = doctor_hours, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct HoursRow {
    weekday: i32,
    start_minute: i32,
    end_minute: i32,
}

/// Monday is 1 and Sunday 7 in `doctor_hours.weekday`.
pub(super) fn weekday_number(weekday: Weekday) -> i32 {
    i32::from(weekday.to_monday_one_offset())
}

pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// Rebuilds the week from its rows; overlapping rows are refused as corrupt.
pub(super) fn weekly_hours(rows: Vec<HoursRow>) -> Result<WeeklyHours, StoreError> {
    let mut by_day: [Vec<WorkingInterval>; 7] = Default::default();
    for row in rows {
        let day = i8::try_from(row.weekday)
            .ok()
            .and_then(|n| Weekday::from_monday_one_offset(n).ok())
            .ok_or_else(|| corrupt("doctor_hours.weekday", row.weekday))?;
        let interval = WorkingInterval::new(
            minutes("doctor_hours.start_minute", row.start_minute)?,
            minutes("doctor_hours.end_minute", row.end_minute)?,
        )
        .map_err(|e| corrupt("doctor_hours", e))?;
        by_day[day.to_monday_zero_offset().unsigned_abs() as usize].push(interval);
    }
    let mut hours = WeeklyHours::new();
    for (day, intervals) in WEEKDAYS.into_iter().zip(by_day) {
        hours
            .set_day(day, intervals)
            .map_err(|e| corrupt("doctor_hours", e))?;
    }
    Ok(hours)
}

/// The rows that store `hours` for one doctor.
pub(super) fn hours_rows(hours: &WeeklyHours) -> Vec<(i32, i32, i32)> {
    WEEKDAYS
        .into_iter()
        .flat_map(|day| {
            hours.on(day).iter().map(move |interval| {
                (
                    weekday_number(day),
                    small(interval.start_minute()),
                    small(interval.end_minute()),
                )
            })
        })
        .collect()
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = doctor_time_off, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct TimeOffRow {
    id: i64,
    starts_at: i64,
    ends_at: i64,
    reason: String,
}

impl TimeOffRow {
    pub(super) fn into_entry(self) -> Result<TimeOffEntry, StoreError> {
        let period = TimeOff::new(from_unix(self.starts_at)?, from_unix(self.ends_at)?)
            .map_err(|e| corrupt("doctor_time_off", e))?;
        Ok(TimeOffEntry {
            id: self.id,
            period,
            reason: self.reason,
        })
    }
}

/// `(starts_at, ends_at)` as stored.
pub(super) fn time_off_bounds(period: &TimeOff) -> (i64, i64) {
    (to_unix(period.start()), to_unix(period.end()))
}
