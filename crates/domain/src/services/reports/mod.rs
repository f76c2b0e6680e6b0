//! The admin reports over a range of the clinic's days: appointments per day
//! and per doctor, revenue per month and provider, cancellation and no-show
//! rates, and each doctor's utilisation. The range is checked here and turned
//! into instants in the clinic's zone (the doctor's, for utilisation); the
//! store aggregates.

mod range;
mod rate;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use range::{ReportRange, DEFAULT_DAYS};
pub use rate::Rate;

use crate::model::{DoctorId, Money};
use crate::ports::{Clock, DoctorStore, DoctorWindow, Period, ReportStore, StoreError};
use crate::schedule::offered_slots;
use crate::services::Cause;
use crate::validation::FieldErrors;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A date not understood, a range that ends before it starts or is longer
    /// than the clinic allows: the fields `from` / `to` and what is wrong.
    #[error("the report's dates are not valid")]
    Invalid(FieldErrors),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for ReportError {
    fn from(error: StoreError) -> Self {
        ReportError::Unexpected(error.into())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub day: Date,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorAppointments {
    pub doctor: DoctorId,
    pub name: String,
    pub count: i64,
}

/// One month (the clinic's, cut to the range), provider and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueLine {
    /// "2026-11".
    pub month: String,
    pub provider: String,
    pub paid: Money,
    pub refunded: Money,
    /// Paid minus refunded; negative when a month refunded more than it took.
    pub net: Money,
}

/// How bookings ended, for one doctor or for everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLine {
    /// `None` for the whole clinic.
    pub doctor: Option<DoctorId>,
    pub name: String,
    pub booked: i64,
    pub cancelled: i64,
    pub completed: i64,
    pub no_show: i64,
    /// Cancelled of all bookings.
    pub cancellation: Rate,
    /// No-shows of the appointments that were due (completed or no-show).
    pub no_show_rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcomes {
    pub doctors: Vec<OutcomeLine>,
    pub overall: OutcomeLine,
}

/// Booked slot time against offered slot time over the range's days in the
/// doctor's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utilisation {
    pub doctor: DoctorId,
    pub name: String,
    pub offered_minutes: i64,
    pub booked_minutes: i64,
    /// Booked of offered; above 100 % when bookings lie outside today's hours.
    pub rate: Rate,
}

#[derive(Clone)]
pub struct Reports {
    store: Arc<dyn ReportStore>,
    doctors: Arc<dyn DoctorStore>,
    clock: Arc<dyn Clock>,
    /// The clinic's zone: a day of the range is a day there.
    zone: TimeZone,
    max_days: i64,
}

impl Reports {
    pub fn new(
        store: Arc<dyn ReportStore>,
        doctors: Arc<dyn DoctorStore>,
        clock: Arc<dyn Clock>,
        zone: TimeZone,
        max_days: i64,
    ) -> Self {
        Self {
            store,
            doctors,
            clock,
            zone,
            max_days,
        }
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// The range the form asks for: both dates empty mean the last
    /// `DEFAULT_DAYS` days up to today. Errors: `Invalid` naming the field.
    pub fn range(&self, from: &str, to: &str) -> Result<ReportRange, ReportError> {
        let today = self.clock.now().to_zoned(self.zone.clone()).date();
        ReportRange::parse(from, to, today, self.max_days).map_err(ReportError::Invalid)
    }

    pub async fn appointments_per_day(
        &self,
        range: &ReportRange,
    ) -> Result<Vec<DayCount>, ReportError> {
        let days: Vec<Date> = range.days().collect();
        let periods = days
            .iter()
            .enumerate()
            .map(|(seq, day)| self.period(seq, *day, day.tomorrow().ok()))
            .collect::<Result<Vec<_>, _>>()?;
        let counts = self.store.appointments_per_period(&periods).await?;
        Ok(days
            .into_iter()
            .enumerate()
            .map(|(seq, day)| DayCount {
                day,
                count: counts
                    .iter()
                    .find(|c| c.seq == seq as i64)
                    .map_or(0, |c| c.count),
            })
            .collect())
    }

    pub async fn appointments_per_doctor(
        &self,
        range: &ReportRange,
    ) -> Result<Vec<DoctorAppointments>, ReportError> {
        let (from, until) = range.instants(&self.zone).map_err(unexpected)?;
        Ok(self
            .store
            .appointments_per_doctor(from, until)
            .await?
            .into_iter()
            .map(|row| DoctorAppointments {
                doctor: row.doctor,
                name: row.name,
                count: row.count,
            })
            .collect())
    }

    pub async fn revenue(&self, range: &ReportRange) -> Result<Vec<RevenueLine>, ReportError> {
        let months = range.months();
        let periods = months
            .iter()
            .enumerate()
            .map(|(seq, (_, first, next))| self.period(seq, *first, Some(*next)))
            .collect::<Result<Vec<_>, _>>()?;
        let sums = self.store.revenue_per_period(&periods).await?;
        Ok(sums
            .into_iter()
            .filter_map(|sum| {
                let (label, _, _) = months.get(usize::try_from(sum.seq).ok()?)?;
                Some(RevenueLine {
                    month: label.clone(),
                    provider: sum.provider,
                    paid: Money::new(sum.paid_minor, sum.currency),
                    refunded: Money::new(sum.refunded_minor, sum.currency),
                    net: Money::new(sum.paid_minor - sum.refunded_minor, sum.currency),
                })
            })
            .collect())
    }

    pub async fn cancellations(&self, range: &ReportRange) -> Result<Outcomes, ReportError> {
        let (from, until) = range.instants(&self.zone).map_err(unexpected)?;
        let rows = self.store.outcomes_per_doctor(from, until).await?;
        let line = |doctor, name: String, booked, cancelled, completed, no_show: i64| OutcomeLine {
            doctor,
            name,
            booked,
            cancelled,
            completed,
            no_show,
            cancellation: Rate::new(cancelled, booked),
            no_show_rate: Rate::new(no_show, completed + no_show),
        };
        let sum = |f: fn(&crate::ports::OutcomeCounts) -> i64| rows.iter().map(f).sum::<i64>();
        let overall = line(
            None,
            "All doctors".to_owned(),
            sum(|r| r.booked),
            sum(|r| r.cancelled),
            sum(|r| r.completed),
            sum(|r| r.no_show),
        );
        let doctors = rows
            .iter()
            .map(|r| {
                line(
                    Some(r.doctor),
                    r.name.clone(),
                    r.booked,
                    r.cancelled,
                    r.completed,
                    r.no_show,
                )
            })
            .collect();
        Ok(Outcomes { doctors, overall })
    }

    /// Every doctor who offered or had booked time in the range, by name.
    pub async fn utilisation(&self, range: &ReportRange) -> Result<Vec<Utilisation>, ReportError> {
        let doctors = self.doctors.list_doctors(false).await?;
        let mut windows = Vec::with_capacity(doctors.len());
        let mut offered = HashMap::with_capacity(doctors.len());
        for doctor in &doctors {
            let (from, until) = range
                .instants(&doctor.profile.timezone.time_zone())
                .map_err(unexpected)?;
            let availability = self.doctors.availability(doctor.id, from).await?;
            let rules = doctor.schedule_rules(&availability);
            let seconds: i64 = offered_slots(&rules, range.first()..=range.last())
                .iter()
                .map(|slot| slot.starts_at().duration_until(slot.ends_at()).as_secs())
                .sum();
            offered.insert(doctor.id, seconds);
            windows.push(DoctorWindow {
                doctor: doctor.id,
                from,
                until,
            });
        }
        let booked: HashMap<DoctorId, i64> = self
            .store
            .booked_time(&windows)
            .await?
            .into_iter()
            .map(|b| (b.doctor, b.seconds))
            .collect();
        Ok(doctors
            .iter()
            .filter_map(|doctor| {
                let offered_minutes = offered.get(&doctor.id).copied().unwrap_or(0) / 60;
                let booked_minutes = booked.get(&doctor.id).copied().unwrap_or(0) / 60;
                (offered_minutes > 0 || booked_minutes > 0).then(|| Utilisation {
                    doctor: doctor.id,
                    name: doctor.profile.name.as_str().to_owned(),
                    offered_minutes,
                    booked_minutes,
                    rate: Rate::new(booked_minutes, offered_minutes),
                })
            })
            .collect())
    }

    /// `[start of first, start of next)` in the clinic's zone, numbered `seq`.
    fn period(&self, seq: usize, first: Date, next: Option<Date>) -> Result<Period, ReportError> {
        let start = |day: Date| range::start_of(day, &self.zone).map_err(unexpected);
        let next = next.ok_or_else(|| unexpected("a date past the calendar's end"))?;
        Ok(Period {
            seq: seq as i64,
            from: start(first)?,
            until: start(next)?,
        })
    }
}

fn unexpected(error: impl Into<Cause>) -> ReportError {
    ReportError::Unexpected(error.into())
}
