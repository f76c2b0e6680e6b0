//! `DoctorStore` on SQLite: doctors, their weekly hours and their time off.

use super::doctor_rows::{
    hours_rows, time_off_bounds, weekly_hours, DoctorRow, DoctorValues, HoursRow, TimeOffRow,
};
use super::{date_overrides, SqliteStore};
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{doctor_hours, doctor_time_off, doctors};
use async_trait::async_trait;
use consulta_domain::model::{Availability, Doctor, DoctorId, DoctorProfile, Email};
use consulta_domain::ports::{DoctorStore, StoreError};
use consulta_domain::schedule::{DateOverride, TimeOff, WeeklyHours};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

/// `NotFound` unless the doctor exists; used before writing their rows so a
/// missing doctor is reported as such rather than as a foreign-key failure.
fn require_doctor(conn: &mut SqliteConnection, id: DoctorId) -> Result<(), DbError> {
    let found = doctors::table
        .find(id.get())
        .select(doctors::id)
        .first::<i64>(conn)
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound.into()),
    }
}

#[async_trait]
impl DoctorStore for SqliteStore {
    async fn list_doctors(&self, active_only: bool) -> Result<Vec<Doctor>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                let mut query = doctors::table
                    .order((doctors::name.asc(), doctors::id.asc()))
                    .select(DoctorRow::as_select())
                    .into_boxed();
                if active_only {
                    query = query.filter(doctors::active.eq(true));
                }
                Ok(query.load(conn)?)
            })
            .await?;
        rows.into_iter().map(DoctorRow::into_doctor).collect()
    }

    async fn doctor(&self, id: DoctorId) -> Result<Option<Doctor>, StoreError> {
        let row = self
            .db
            .read(move |conn| {
                Ok(doctors::table
                    .find(id.get())
                    .select(DoctorRow::as_select())
                    .first(conn)
                    .optional()?)
            })
            .await?;
        row.map(DoctorRow::into_doctor).transpose()
    }

    async fn availability(
        &self,
        id: DoctorId,
        from: Timestamp,
    ) -> Result<Availability, StoreError> {
        // A day's margin: the doctor's local date may lag the UTC date.
        let from_date = from
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .yesterday()
            .map_err(|e| StoreError::Unexpected(e.to_string()))?;
        let from = to_unix(from);
        let (hours, time_off, overrides) = self
            .db
            .read(move |conn| {
                require_doctor(conn, id)?;
                let hours = doctor_hours::table
                    .filter(doctor_hours::doctor_id.eq(id.get()))
                    .order((doctor_hours::weekday, doctor_hours::start_minute))
                    .select(HoursRow::as_select())
                    .load(conn)?;
                let time_off = doctor_time_off::table
                    .filter(doctor_time_off::doctor_id.eq(id.get()))
                    .filter(doctor_time_off::ends_at.gt(from))
                    .order((doctor_time_off::starts_at, doctor_time_off::id))
                    .select(TimeOffRow::as_select())
                    .load(conn)?;
                let overrides = date_overrides::load(conn, id, from_date)?;
                Ok((hours, time_off, overrides))
            })
            .await?;
        Ok(Availability {
            hours: weekly_hours(hours)?,
            time_off: time_off
                .into_iter()
                .map(TimeOffRow::into_entry)
                .collect::<Result<_, _>>()?,
            overrides,
        })
    }

    async fn create_doctor(
        &self,
        profile: DoctorProfile,
        at: Timestamp,
    ) -> Result<DoctorId, StoreError> {
        let id = self
            .db
            .write(move |conn| {
                Ok(diesel::insert_into(doctors::table)
                    .values((
                        DoctorValues::of(&profile),
                        doctors::created_at.eq(to_unix(at)),
                    ))
                    .returning(doctors::id)
                    .get_result::<i64>(conn)?)
            })
            .await?;
        Ok(DoctorId::new(id))
    }

    async fn update_doctor(&self, id: DoctorId, profile: DoctorProfile) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                let changed = diesel::update(doctors::table.find(id.get()))
                    .set(DoctorValues::of(&profile))
                    .execute(conn)?;
                if changed == 0 {
                    return Err(StoreError::NotFound.into());
                }
                Ok(())
            })
            .await
    }

    async fn set_weekly_hours(&self, id: DoctorId, hours: WeeklyHours) -> Result<(), StoreError> {
        let rows = hours_rows(&hours);
        self.db
            .write(move |conn| {
                require_doctor(conn, id)?;
                diesel::delete(doctor_hours::table.filter(doctor_hours::doctor_id.eq(id.get())))
                    .execute(conn)?;
                let values: Vec<_> = rows
                    .iter()
                    .map(|&(weekday, start, end)| {
                        (
                            doctor_hours::doctor_id.eq(id.get()),
                            doctor_hours::weekday.eq(weekday),
                            doctor_hours::start_minute.eq(start),
                            doctor_hours::end_minute.eq(end),
                        )
                    })
                    .collect();
                diesel::insert_into(doctor_hours::table)
                    .values(&values)
                    .execute(conn)?;
                Ok(())
            })
            .await
    }

    async fn add_time_off(
        &self,
        id: DoctorId,
        period: TimeOff,
        reason: &str,
    ) -> Result<i64, StoreError> {
        let (starts_at, ends_at) = time_off_bounds(&period);
        let reason = reason.trim().to_owned();
        self.db
            .write(move |conn| {
                require_doctor(conn, id)?;
                Ok(diesel::insert_into(doctor_time_off::table)
                    .values((
                        doctor_time_off::doctor_id.eq(id.get()),
                        doctor_time_off::starts_at.eq(starts_at),
                        doctor_time_off::ends_at.eq(ends_at),
                        doctor_time_off::reason.eq(&reason),
                    ))
                    .returning(doctor_time_off::id)
                    .get_result::<i64>(conn)?)
            })
            .await
    }

    async fn remove_time_off(&self, id: DoctorId, entry: i64) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                let removed = diesel::delete(
                    doctor_time_off::table
                        .filter(doctor_time_off::id.eq(entry))
                        .filter(doctor_time_off::doctor_id.eq(id.get())),
                )
                .execute(conn)?;
                if removed == 0 {
                    return Err(StoreError::NotFound.into());
                }
                Ok(())
            })
            .await
    }

    async fn add_date_override(
        &self,
        id: DoctorId,
        day: DateOverride,
        reason: &str,
        at: Timestamp,
    ) -> Result<i64, StoreError> {
        let reason = reason.trim().to_owned();
        self.db
            .write(move |conn| {
                require_doctor(conn, id)?;
                date_overrides::insert(conn, id, &day, &reason, at)
            })
            .await
    }

    async fn remove_date_override(&self, id: DoctorId, entry: i64) -> Result<(), StoreError> {
        self.db
            .write(move |conn| date_overrides::delete(conn, id, entry))
            .await
    }

    async fn doctor_mail_address(&self, id: DoctorId) -> Result<Option<Email>, StoreError> {
        self.db
            .read(move |conn| date_overrides::linked_email(conn, id))
            .await
    }
}
