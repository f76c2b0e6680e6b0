//! A doctor's own day: today's appointments (the doctor's local day) and the
//! confirmed ones coming up, and the records of their own patients.

use crate::model::{AppointmentStatus, Doctor, DoctorId, Patient, PatientId, StaffId};
use crate::ports::{
    AppointmentListing, AppointmentQuery, AppointmentSearch, Clock, DoctorStore, StaffStore,
    StoreError,
};
use crate::services::Cause;
use jiff::tz::TimeZone;
use std::sync::Arc;

/// Upcoming appointments per page.
pub const UPCOMING_PER_PAGE: i64 = 25;

/// The most of one day's appointments shown (more than a day's slots).
const DAY_LIMIT: i64 = 300;

#[derive(Debug, Clone)]
pub struct DoctorSchedule {
    pub doctor: Doctor,
    pub zone: TimeZone,
    /// Today in the doctor's zone.
    pub today: jiff::civil::Date,
    /// Every appointment starting today, any status, by start.
    pub today_rows: Vec<AppointmentListing>,
    /// Confirmed appointments from tomorrow on, by start, one page.
    pub upcoming: Vec<AppointmentListing>,
    pub upcoming_total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum DoctorDayError {
    /// No such record, or not one of this doctor's.
    #[error("not found")]
    NotFound,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for DoctorDayError {
    fn from(error: StoreError) -> Self {
        DoctorDayError::Unexpected(error.into())
    }
}

#[derive(Clone)]
pub struct DoctorDay {
    search: Arc<dyn AppointmentSearch>,
    doctors: Arc<dyn DoctorStore>,
    staff: Arc<dyn StaffStore>,
    clock: Arc<dyn Clock>,
}

impl DoctorDay {
    pub fn new(
        search: Arc<dyn AppointmentSearch>,
        doctors: Arc<dyn DoctorStore>,
        staff: Arc<dyn StaffStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            search,
            doctors,
            staff,
            clock,
        }
    }

    pub async fn schedule(
        &self,
        doctor: DoctorId,
        page: i64,
    ) -> Result<DoctorSchedule, DoctorDayError> {
        let doctor = self.doctors.doctor(doctor).await?.ok_or_else(|| {
            DoctorDayError::Unexpected("a doctor account without its doctor".into())
        })?;
        let zone = doctor.profile.timezone.time_zone();
        let today = self.clock.now().to_zoned(zone.clone()).date();
        let bounds = |day: jiff::civil::Date| {
            day.to_zoned(zone.clone())
                .map(|z| z.timestamp())
                .map_err(|e| DoctorDayError::Unexpected(e.into()))
        };
        let start = bounds(today)?;
        let tomorrow = bounds(
            today
                .tomorrow()
                .map_err(|e| DoctorDayError::Unexpected(e.into()))?,
        )?;
        let today_rows = self
            .search
            .search_appointments(&AppointmentQuery {
                from: Some(start),
                until: Some(tomorrow),
                doctor: Some(doctor.id),
                limit: DAY_LIMIT,
                ..AppointmentQuery::default()
            })
            .await?
            .rows;
        let mut upcoming_query = AppointmentQuery {
            from: Some(tomorrow),
            doctor: Some(doctor.id),
            status: Some(AppointmentStatus::Confirmed),
            limit: UPCOMING_PER_PAGE,
            ..AppointmentQuery::default()
        };
        let page = page.max(1);
        upcoming_query.offset = (page - 1).saturating_mul(UPCOMING_PER_PAGE);
        let mut found = self.search.search_appointments(&upcoming_query).await?;
        let pages = ((found.total + UPCOMING_PER_PAGE - 1) / UPCOMING_PER_PAGE).max(1);
        if page > pages {
            upcoming_query.offset = (pages - 1) * UPCOMING_PER_PAGE;
            found = self.search.search_appointments(&upcoming_query).await?;
        }
        Ok(DoctorSchedule {
            today,
            doctor,
            zone,
            today_rows,
            upcoming: found.rows,
            upcoming_total: found.total,
            page: page.min(pages),
            pages,
        })
    }

    /// The record of a patient who has an appointment with this doctor,
    /// medical history included; the view is audited. Anyone else's: `NotFound`.
    pub async fn patient_record(
        &self,
        viewer: StaffId,
        doctor: DoctorId,
        patient: PatientId,
    ) -> Result<Patient, DoctorDayError> {
        self.staff
            .view_patient_for_doctor(patient, doctor, viewer, self.clock.now())
            .await?
            .ok_or(DoctorDayError::NotFound)
    }
}
