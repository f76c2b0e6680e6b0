//! `AppointmentSearch` on SQLite: the staff's appointment list, filtered,
//! sorted and paged in SQL over appointments joined with their patients.

use super::appointment_rows::AppointmentRow;
use super::patient_search::escape_like;
use super::SqliteStore;
use crate::instant::to_unix;
use crate::schema::{appointments, patients};
use async_trait::async_trait;
use consulta_domain::model::{AppointmentStatus, DoctorId};
use consulta_domain::ports::{
    AppointmentListing, AppointmentQuery, AppointmentSearch, AppointmentSearchPage, StoreError,
};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;
use jiff::Timestamp;

/// The most rows one page holds, whatever the caller asks.
const MAX_PAGE: i64 = 1000;

type Joined = diesel::dsl::InnerJoin<appointments::table, patients::table>;

/// The filters of `q`, on appointments joined with their patients.
fn filtered(q: &AppointmentQuery) -> diesel::dsl::IntoBoxed<'static, Joined, Sqlite> {
    let mut query = appointments::table.inner_join(patients::table).into_boxed();
    if let Some(from) = q.from {
        query = query.filter(appointments::starts_at.ge(to_unix(from)));
    }
    if let Some(until) = q.until {
        query = query.filter(appointments::starts_at.lt(to_unix(until)));
    }
    if let Some(doctor) = q.doctor {
        query = query.filter(appointments::doctor_id.eq(doctor.get()));
    }
    if let Some(status) = q.status {
        query = query.filter(appointments::status.eq(status.as_str()));
    }
    if let Some(paid) = q.payment_status {
        query = query.filter(appointments::payment_status.eq(paid.as_str()));
    }
    if let Some(patient) = q
        .patient
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let pattern = format!("%{}%", escape_like(patient));
        let lowered = format!("%{}%", escape_like(&patient.to_lowercase()));
        query = query.filter(
            patients::name
                .like(pattern)
                .escape('\\')
                .or(patients::email_normalized.like(lowered).escape('\\')),
        );
    }
    query
}

#[async_trait]
impl AppointmentSearch for SqliteStore {
    async fn search_appointments(
        &self,
        query: &AppointmentQuery,
    ) -> Result<AppointmentSearchPage, StoreError> {
        let q = query.clone();
        let (total, rows) = self
            .db
            .read(move |conn| {
                let total: i64 = filtered(&q).select(count_star()).first(conn)?;
                let page = filtered(&q)
                    .select((AppointmentRow::as_select(), patients::name, patients::email))
                    .limit(q.limit.clamp(1, MAX_PAGE))
                    .offset(q.offset.max(0));
                let rows: Vec<(AppointmentRow, String, String)> = if q.newest_first {
                    page.order((appointments::starts_at.desc(), appointments::id.desc()))
                        .load(conn)?
                } else {
                    page.order((appointments::starts_at.asc(), appointments::id.asc()))
                        .load(conn)?
                };
                Ok((total, rows))
            })
            .await?;
        let rows = rows
            .into_iter()
            .map(|(row, patient_name, patient_email)| {
                Ok(AppointmentListing {
                    appointment: row.into_appointment()?,
                    patient_name,
                    patient_email,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(AppointmentSearchPage { rows, total })
    }

    async fn active_overlapping(
        &self,
        doctor: DoctorId,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<AppointmentListing>, StoreError> {
        let (from, to, now) = (to_unix(from), to_unix(to), to_unix(now));
        let rows: Vec<(AppointmentRow, String, String)> = self
            .db
            .read(move |conn| {
                Ok(appointments::table
                    .inner_join(patients::table)
                    .filter(appointments::doctor_id.eq(doctor.get()))
                    .filter(appointments::starts_at.lt(to))
                    .filter(appointments::ends_at.gt(from))
                    .filter(
                        appointments::status
                            .eq(AppointmentStatus::Confirmed.as_str())
                            .or(appointments::status
                                .eq(AppointmentStatus::PendingPayment.as_str())
                                .and(appointments::hold_until.gt(now))),
                    )
                    .order((appointments::starts_at.asc(), appointments::id.asc()))
                    .select((AppointmentRow::as_select(), patients::name, patients::email))
                    .limit(MAX_PAGE)
                    .load(conn)?)
            })
            .await?;
        rows.into_iter()
            .map(|(row, patient_name, patient_email)| {
                Ok(AppointmentListing {
                    appointment: row.into_appointment()?,
                    patient_name,
                    patient_email,
                })
            })
            .collect()
    }
}
