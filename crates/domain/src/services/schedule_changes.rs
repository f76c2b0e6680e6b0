//! Changing when a doctor works on particular days (time off, other hours on
//! a date) without leaving patients in the lurch: the appointments a change
//! clashes with are shown first, and the admin chooses to cancel them (the
//! patients are told, through the state machine's cancellation) or to keep
//! them. Never cancelled silently; every step audited.

use crate::model::{
    AccountRef, AppointmentId, DateOverrideEntry, Doctor, DoctorId, StaffId, TimeOffEntry,
};
use crate::ports::{AppointmentListing, AppointmentSearch, AuditEntry, AuditLog, Clock};
use crate::ports::{DoctorStore, StoreError};
use crate::schedule::{DateOverride, TimeOff, WorkingInterval, MINUTES_PER_DAY};
use crate::services::booking::{Booking, ManageError};
use crate::services::doctors::{parse_day_hours, parse_time_off, short_text, DoctorAdminError};
use crate::services::Cause;
use crate::validation::FieldErrors;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::sync::Arc;

/// A change to a doctor's days, validated, not yet applied.
#[derive(Debug, Clone)]
pub enum ScheduleChange {
    TimeOff { period: TimeOff, reason: String },
    Override { day: DateOverride, reason: String },
}

/// A change with what it would clash with, for the preview.
#[derive(Debug, Clone)]
pub struct PreparedChange {
    pub doctor: Doctor,
    pub change: ScheduleChange,
    /// Active appointments the change would leave outside the doctor's hours.
    pub clashes: Vec<AppointmentListing>,
}

impl PreparedChange {
    pub fn clash_ids(&self) -> Vec<AppointmentId> {
        self.clashes.iter().map(|c| c.appointment.id).collect()
    }
}

/// What the admin decided about the clashing appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashDecision {
    /// Cancel them and tell the patients.
    Cancel,
    /// Keep them: the doctor sees those patients anyway.
    Keep,
}

/// The change made, and what became of the clashing appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub cancelled: usize,
    pub kept: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The clashing appointments are not those the admin saw (one was
    /// booked or cancelled meanwhile): nothing was changed; preview again.
    #[error("The appointments this change clashes with changed meanwhile; please look again.")]
    ClashesChanged(Box<PreparedChange>),
    #[error("no such doctor")]
    NotFound,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ApplyError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApplyError::NotFound,
            other => ApplyError::Unexpected(other.into()),
        }
    }
}

/// The reason given for a change, as short as the time off's.
fn reason_text(reason: &str) -> Result<String, DoctorAdminError> {
    short_text(reason, 200, "The reason")
        .map_err(|m| DoctorAdminError::Invalid(FieldErrors::single("reason", m)))
}

/// The first instant of `minute` after midnight of `date` in `zone`.
fn instant(zone: &TimeZone, date: Date, minute: u32) -> Option<Timestamp> {
    let day = if minute >= MINUTES_PER_DAY {
        date.tomorrow().ok()?
    } else {
        date
    };
    let minute = minute % MINUTES_PER_DAY;
    let time = Time::new(
        i8::try_from(minute / 60).ok()?,
        i8::try_from(minute % 60).ok()?,
        0,
        0,
    )
    .ok()?;
    zone.to_ambiguous_timestamp(day.to_datetime(time))
        .compatible()
        .ok()
}

/// Whether `[start, end)` lies inside one of `hours` on `date`.
fn fits(
    zone: &TimeZone,
    date: Date,
    hours: &[WorkingInterval],
    start: Timestamp,
    end: Timestamp,
) -> bool {
    hours.iter().any(|interval| {
        match (
            instant(zone, date, interval.start_minute()),
            instant(zone, date, interval.end_minute()),
        ) {
            (Some(from), Some(until)) => from <= start && end <= until,
            _ => false,
        }
    })
}

#[derive(Clone)]
pub struct ScheduleChanges {
    doctors: Arc<dyn DoctorStore>,
    search: Arc<dyn AppointmentSearch>,
    booking: Booking,
    audit: Arc<dyn AuditLog>,
    clock: Arc<dyn Clock>,
}

impl ScheduleChanges {
    pub fn new(
        doctors: Arc<dyn DoctorStore>,
        search: Arc<dyn AppointmentSearch>,
        booking: Booking,
        audit: Arc<dyn AuditLog>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            doctors,
            search,
            booking,
            audit,
            clock,
        }
    }

    async fn doctor(&self, id: DoctorId) -> Result<Doctor, DoctorAdminError> {
        self.doctors
            .doctor(id)
            .await?
            .ok_or(DoctorAdminError::NotFound)
    }

    /// Time off from the form (dates, or local date-times), with its clashes.
    pub async fn prepare_time_off(
        &self,
        id: DoctorId,
        start: &str,
        end: &str,
        reason: &str,
    ) -> Result<PreparedChange, DoctorAdminError> {
        let doctor = self.doctor(id).await?;
        let period = parse_time_off(start, end, &doctor.profile.timezone)
            .map_err(DoctorAdminError::Invalid)?;
        let reason = reason_text(reason)?;
        let change = ScheduleChange::TimeOff { period, reason };
        self.with_clashes(doctor, change).await
    }

    /// Other hours on one date ("09:00-12:00", empty: closed), with its clashes.
    /// A date with an override already is refused: remove that one first.
    pub async fn prepare_override(
        &self,
        id: DoctorId,
        date: &str,
        hours: &str,
        reason: &str,
    ) -> Result<PreparedChange, DoctorAdminError> {
        let doctor = self.doctor(id).await?;
        let date = date.trim();
        let Some(date) = date.parse::<Date>().ok().filter(|_| date.len() == 10) else {
            return Err(DoctorAdminError::Invalid(FieldErrors::single(
                "date",
                "Enter a date such as 2026-12-24.",
            )));
        };
        let intervals = parse_day_hours(hours)
            .map_err(|m| DoctorAdminError::Invalid(FieldErrors::single("hours", m)))?;
        let day = DateOverride::new(date, intervals)
            .map_err(|e| DoctorAdminError::Invalid(FieldErrors::single("hours", e.to_string())))?;
        let reason = reason_text(reason)?;
        let existing = self.overrides_from(&doctor, date).await?;
        if existing.iter().any(|o| o.day.date() == date) {
            return Err(DoctorAdminError::Invalid(FieldErrors::single(
                "date",
                "This date has other hours set already; remove them first to set new ones.",
            )));
        }
        let change = ScheduleChange::Override { day, reason };
        self.with_clashes(doctor, change).await
    }

    /// The doctor's overrides from about `date` on.
    async fn overrides_from(
        &self,
        doctor: &Doctor,
        date: Date,
    ) -> Result<Vec<DateOverrideEntry>, StoreError> {
        let from = instant(&TimeZone::UTC, date, 0)
            .and_then(|t| t.checked_sub(jiff::SignedDuration::from_hours(48)).ok())
            .unwrap_or_else(|| self.clock.now());
        Ok(self.doctors.availability(doctor.id, from).await?.overrides)
    }

    async fn with_clashes(
        &self,
        doctor: Doctor,
        change: ScheduleChange,
    ) -> Result<PreparedChange, DoctorAdminError> {
        let clashes = self
            .clashes(&doctor, &change)
            .await
            .map_err(DoctorAdminError::from)?;
        Ok(PreparedChange {
            doctor,
            change,
            clashes,
        })
    }

    /// The active appointments the change would put outside the doctor's hours.
    async fn clashes(
        &self,
        doctor: &Doctor,
        change: &ScheduleChange,
    ) -> Result<Vec<AppointmentListing>, StoreError> {
        let now = self.clock.now();
        match change {
            ScheduleChange::TimeOff { period, .. } => {
                self.search
                    .active_overlapping(doctor.id, period.start(), period.end(), now)
                    .await
            }
            ScheduleChange::Override { day, .. } => {
                let zone = doctor.profile.timezone.time_zone();
                let (Some(from), Some(until)) = (
                    instant(&zone, day.date(), 0),
                    instant(&zone, day.date(), MINUTES_PER_DAY),
                ) else {
                    return Ok(Vec::new());
                };
                let on_that_day = self
                    .search
                    .active_overlapping(doctor.id, from, until, now)
                    .await?;
                Ok(on_that_day
                    .into_iter()
                    .filter(|l| {
                        let a = &l.appointment;
                        !fits(&zone, day.date(), day.hours(), a.starts_at, a.ends_at)
                    })
                    .collect())
            }
        }
    }

    /// Makes the change the admin saw in the preview, with `seen` the
    /// clashing appointments listed there, and does with them as decided:
    /// the change first (so no new booking lands in it), then each
    /// cancellation through the state machine with its mails.
    pub async fn apply(
        &self,
        staff: StaffId,
        prepared: PreparedChange,
        decision: ClashDecision,
        seen: &[AppointmentId],
        client: Option<String>,
    ) -> Result<Applied, ApplyError> {
        let fresh = self.clashes(&prepared.doctor, &prepared.change).await?;
        let mut now_ids: Vec<AppointmentId> = fresh.iter().map(|c| c.appointment.id).collect();
        let mut seen_ids = seen.to_vec();
        now_ids.sort();
        seen_ids.sort();
        seen_ids.dedup();
        if now_ids != seen_ids {
            return Err(ApplyError::ClashesChanged(Box::new(PreparedChange {
                clashes: fresh,
                ..prepared
            })));
        }
        let doctor = prepared.doctor.id;
        let now = self.clock.now();
        let (action, note) = match prepared.change {
            ScheduleChange::TimeOff { period, reason } => {
                self.doctors.add_time_off(doctor, period, &reason).await?;
                ("doctor.time_off_added", reason)
            }
            ScheduleChange::Override { day, reason } => {
                self.doctors
                    .add_date_override(doctor, day, &reason, now)
                    .await?;
                ("doctor.date_override_added", reason)
            }
        };
        self.record(staff, action, format!("doctor:{doctor}"), client.clone())
            .await?;
        let mut applied = Applied {
            cancelled: 0,
            kept: 0,
        };
        let why = if note.is_empty() {
            "The doctor is not available at this time.".to_owned()
        } else {
            format!("The doctor is not available at this time: {note}")
        };
        for id in now_ids {
            match decision {
                ClashDecision::Cancel => {
                    match self.booking.cancel_for_clinic(staff, id, &why).await {
                        Ok(_) => applied.cancelled += 1,
                        // Cancelled or finished meanwhile: nothing left to do for it.
                        Err(ManageError::InvalidTransition(_) | ManageError::NotFound) => {}
                        Err(other) => return Err(ApplyError::Unexpected(other.into())),
                    }
                    self.record(
                        staff,
                        "appointment.cancelled_by_clinic",
                        format!("appointment:{id}"),
                        client.clone(),
                    )
                    .await?;
                }
                ClashDecision::Keep => {
                    applied.kept += 1;
                    self.record(
                        staff,
                        "appointment.kept_despite_schedule_change",
                        format!("appointment:{id}"),
                        client.clone(),
                    )
                    .await?;
                }
            }
        }
        Ok(applied)
    }

    pub async fn remove_time_off(
        &self,
        staff: StaffId,
        id: DoctorId,
        entry: i64,
        client: Option<String>,
    ) -> Result<(), DoctorAdminError> {
        self.doctors.remove_time_off(id, entry).await?;
        self.record(
            staff,
            "doctor.time_off_removed",
            format!("doctor:{id}"),
            client,
        )
        .await?;
        Ok(())
    }

    pub async fn remove_override(
        &self,
        staff: StaffId,
        id: DoctorId,
        entry: i64,
        client: Option<String>,
    ) -> Result<(), DoctorAdminError> {
        self.doctors.remove_date_override(id, entry).await?;
        self.record(
            staff,
            "doctor.date_override_removed",
            format!("doctor:{id}"),
            client,
        )
        .await?;
        Ok(())
    }

    /// An admin's change to a doctor that has no preview (profile, weekly hours).
    pub async fn record_edit(
        &self,
        staff: StaffId,
        id: DoctorId,
        action: &'static str,
        client: Option<String>,
    ) -> Result<(), StoreError> {
        self.record(staff, action, format!("doctor:{id}"), client)
            .await
    }

    async fn record(
        &self,
        staff: StaffId,
        action: &str,
        subject: String,
        client: Option<String>,
    ) -> Result<(), StoreError> {
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(AccountRef::Staff(staff)),
                action: action.to_owned(),
                subject: Some(subject),
                client,
            })
            .await
    }
}

/// Time off read as people say it: whole local days ("24–26 December 2026")
/// when it runs from midnight to midnight in the doctor's zone, else `None`.
pub fn whole_days(entry: &TimeOffEntry, zone: &TimeZone) -> Option<(Date, Date)> {
    let start = zone.to_datetime(entry.period.start());
    let end = zone.to_datetime(entry.period.end());
    let midnight = Time::midnight();
    if start.time() != midnight || end.time() != midnight {
        return None;
    }
    let last = end.date().yesterday().ok()?;
    (last >= start.date()).then_some((start.date(), last))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_appointment_fits_a_dates_hours_only_inside_one_interval() {
        let zone = TimeZone::get("Asia/Dhaka").unwrap();
        let day = date(2026, 12, 24);
        let hours = [WorkingInterval::parse("10:00", "12:00").unwrap()];
        let at = |h: i8, m: i8| {
            day.at(h, m, 0, 0)
                .to_zoned(zone.clone())
                .unwrap()
                .timestamp()
        };
        assert!(fits(&zone, day, &hours, at(10, 0), at(10, 30)));
        assert!(fits(&zone, day, &hours, at(11, 30), at(12, 0)));
        assert!(!fits(&zone, day, &hours, at(9, 30), at(10, 0)));
        assert!(!fits(&zone, day, &hours, at(11, 45), at(12, 15)));
        assert!(!fits(&zone, day, &[], at(10, 0), at(10, 30)), "closed");
    }

    #[test]
    fn whole_day_time_off_reads_as_its_days() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let days = TimeOff::whole_days(date(2026, 12, 24), date(2026, 12, 26), &zone).unwrap();
        let entry = TimeOffEntry {
            id: 1,
            period: days,
            reason: String::new(),
        };
        assert_eq!(
            whole_days(&entry, &zone),
            Some((date(2026, 12, 24), date(2026, 12, 26)))
        );
        let afternoon = TimeOff::local(
            date(2026, 12, 24).at(13, 0, 0, 0),
            date(2026, 12, 24).at(17, 0, 0, 0),
            &zone,
        )
        .unwrap();
        let entry = TimeOffEntry {
            period: afternoon,
            ..entry
        };
        assert_eq!(whole_days(&entry, &zone), None);
    }
}
