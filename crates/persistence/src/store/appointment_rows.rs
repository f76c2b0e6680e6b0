//! Diesel rows of appointments and their history, and their conversion to
//! domain values through the domain's own parsers.

use super::corrupt;
use crate::db::DbError;
use crate::instant::from_unix;
use crate::schema::{appointment_history, appointments};
use consulta_domain::model::{
    Actor, Appointment, AppointmentChange, AppointmentId, AppointmentStatus, CancelledBy,
    ConfirmationSent, Currency, DoctorId, Money, PatientId, PaymentStatus, Reason,
};
use consulta_domain::ports::StoreError;
use diesel::prelude::*;
use diesel::SqliteConnection;

#[derive(Queryable, Selectable)]
#[diesel(table_name = appointments, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct AppointmentRow {
    id: i64,
    patient_id: i64,
    doctor_id: i64,
    doctor_name: String,
    starts_at: i64,
    ends_at: i64,
    appointment_date: String,
    appointment_time: String,
    reason: String,
    status: String,
    payment_status: String,
    amount: i64,
    currency: String,
    hold_until: Option<i64>,
    zoom_link: Option<String>,
    meeting_id: Option<String>,
    confirmation_sent: Option<String>,
    cancelled_by: Option<String>,
    cancel_reason: Option<String>,
    created_at: i64,
    version: i64,
    invite_sequence: i32,
}

pub(super) fn parse_status(column: &str, stored: &str) -> Result<AppointmentStatus, StoreError> {
    AppointmentStatus::parse(stored).ok_or_else(|| corrupt(column, "unknown status"))
}

impl AppointmentRow {
    pub(super) fn status(&self) -> Result<AppointmentStatus, StoreError> {
        parse_status("appointments.status", &self.status)
    }

    pub(super) fn starts_at(&self) -> i64 {
        self.starts_at
    }

    pub(super) fn ends_at(&self) -> i64 {
        self.ends_at
    }

    pub(super) fn doctor_id(&self) -> i64 {
        self.doctor_id
    }

    pub(super) fn patient_id(&self) -> i64 {
        self.patient_id
    }

    pub(super) fn version(&self) -> i64 {
        self.version
    }

    pub(super) fn into_appointment(self) -> Result<Appointment, StoreError> {
        let currency =
            Currency::parse(&self.currency).map_err(|e| corrupt("appointments.currency", e))?;
        Ok(Appointment {
            id: AppointmentId::new(self.id),
            patient_id: PatientId::new(self.patient_id),
            doctor_id: DoctorId::new(self.doctor_id),
            doctor_name: self.doctor_name,
            starts_at: from_unix(self.starts_at)?,
            ends_at: from_unix(self.ends_at)?,
            appointment_date: self.appointment_date,
            appointment_time: self.appointment_time,
            reason: Reason::parse(&self.reason).map_err(|e| corrupt("appointments.reason", e))?,
            status: parse_status("appointments.status", &self.status)?,
            payment_status: PaymentStatus::parse(&self.payment_status)
                .ok_or_else(|| corrupt("appointments.payment_status", "unknown status"))?,
            amount: Money::new(self.amount, currency),
            hold_until: self.hold_until.map(from_unix).transpose()?,
            zoom_link: self.zoom_link,
            meeting_id: self.meeting_id,
            confirmation: self
                .confirmation_sent
                .as_deref()
                .map(|sent| {
                    ConfirmationSent::parse(sent)
                        .ok_or_else(|| corrupt("appointments.confirmation_sent", "unknown value"))
                })
                .transpose()?,
            cancelled_by: self
                .cancelled_by
                .as_deref()
                .map(|by| {
                    CancelledBy::parse(by)
                        .ok_or_else(|| corrupt("appointments.cancelled_by", "unknown value"))
                })
                .transpose()?,
            cancel_reason: self.cancel_reason,
            created_at: from_unix(self.created_at)?,
            version: self.version,
            invite_sequence: u32::try_from(self.invite_sequence)
                .map_err(|e| corrupt("appointments.invite_sequence", e))?,
        })
    }
}

/// The appointment as stored, read inside the caller's transaction.
pub(super) fn load_appointment(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<AppointmentRow>, DbError> {
    Ok(appointments::table
        .find(id)
        .select(AppointmentRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = appointment_history, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct HistoryRow {
    at: i64,
    old_status: Option<String>,
    new_status: Option<String>,
    old_starts_at: Option<i64>,
    new_starts_at: Option<i64>,
    by_kind: String,
    note: Option<String>,
}

impl HistoryRow {
    pub(super) fn into_change(self) -> Result<AppointmentChange, StoreError> {
        let column = "appointment_history.new_status";
        let new_status = self.new_status.ok_or_else(|| corrupt(column, "missing"))?;
        Ok(AppointmentChange {
            at: from_unix(self.at)?,
            old_status: self
                .old_status
                .as_deref()
                .map(|s| parse_status("appointment_history.old_status", s))
                .transpose()?,
            new_status: parse_status(column, &new_status)?,
            old_starts_at: self.old_starts_at.map(from_unix).transpose()?,
            new_starts_at: self.new_starts_at.map(from_unix).transpose()?,
            by: Actor::parse(&self.by_kind)
                .ok_or_else(|| corrupt("appointment_history.by_kind", "unknown actor"))?,
            note: self.note,
        })
    }
}

/// One history entry to write in the transaction that makes the change.
#[derive(Insertable)]
#[diesel(table_name = appointment_history)]
pub(super) struct NewHistory<'a> {
    pub(super) appointment_id: i64,
    pub(super) at: i64,
    pub(super) old_status: Option<&'a str>,
    pub(super) new_status: &'a str,
    pub(super) old_starts_at: Option<i64>,
    pub(super) new_starts_at: Option<i64>,
    #[diesel(column_name = by_kind)]
    pub(super) by: &'a str,
    pub(super) note: Option<&'a str>,
}

impl NewHistory<'_> {
    pub(super) fn insert(&self, conn: &mut SqliteConnection) -> Result<(), DbError> {
        diesel::insert_into(appointment_history::table)
            .values(self)
            .execute(conn)?;
        Ok(())
    }
}
