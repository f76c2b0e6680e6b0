//! `BookingStore` on SQLite: reads on the pool, every write one immediate
//! transaction on the single writer (see `booking_writes`).

use super::appointment_rows::{AppointmentRow, HistoryRow};
use super::booking_checks::taken_between;
use super::{booking_writes, corrupt, SqliteStore};
use crate::db::{DbError, Refusal};
use crate::instant::{from_unix, to_unix};
use crate::schema::{appointment_history, appointments};
use crate::sealed_text::{appointment_record_key, open, APPOINTMENT_MEETING_PASSCODE};
use async_trait::async_trait;
use consulta_domain::model::{
    Appointment, AppointmentChange, AppointmentId, ConfirmationSent, DoctorId, NewJob, PatientId,
};
use consulta_domain::ports::{
    BookOutcome, BookingConflict, BookingStore, Meeting, Move, NewBooking, StatusChange, StoreError,
};
use consulta_domain::schedule::Taken;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use jiff::Timestamp;

/// A refusal becomes its conflict; the partial unique index on
/// `appointments (doctor_id, starts_at)` means the slot is taken, never a
/// storage failure.
fn conflict(error: DbError) -> BookingConflict {
    match error {
        DbError::Refused(Refusal::SlotTaken) => BookingConflict::SlotTaken,
        DbError::Refused(Refusal::PatientBusy) => BookingConflict::PatientBusy,
        DbError::Refused(Refusal::TooManyUpcoming) => BookingConflict::TooManyUpcoming,
        DbError::Refused(Refusal::Changed) => BookingConflict::Changed,
        DbError::Diesel(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.message().contains("appointments.doctor_id")
                || info.message().contains("appointments_one_active_per_slot") =>
        {
            BookingConflict::SlotTaken
        }
        other => BookingConflict::Store(other.into()),
    }
}

#[async_trait]
impl BookingStore for SqliteStore {
    async fn book(&self, booking: NewBooking) -> Result<BookOutcome, BookingConflict> {
        self.db
            .write_refusable(move |conn| booking_writes::book(conn, &booking))
            .await
            .map_err(conflict)
    }

    async fn appointment(&self, id: AppointmentId) -> Result<Option<Appointment>, StoreError> {
        let row = self
            .db
            .read(move |conn| {
                Ok(appointments::table
                    .find(id.get())
                    .select(AppointmentRow::as_select())
                    .first(conn)
                    .optional()?)
            })
            .await?;
        row.map(AppointmentRow::into_appointment).transpose()
    }

    async fn appointments_of_patient(
        &self,
        patient: PatientId,
    ) -> Result<Vec<Appointment>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                Ok(appointments::table
                    .filter(appointments::patient_id.eq(patient.get()))
                    .order((appointments::starts_at.desc(), appointments::id.desc()))
                    .select(AppointmentRow::as_select())
                    .load(conn)?)
            })
            .await?;
        rows.into_iter()
            .map(AppointmentRow::into_appointment)
            .collect()
    }

    async fn taken(
        &self,
        doctor: DoctorId,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<Taken>, StoreError> {
        let (from, to, now) = (to_unix(from), to_unix(to), to_unix(now));
        let rows = self
            .db
            .read(move |conn| taken_between(conn, doctor.get(), from, to, now))
            .await?;
        rows.into_iter()
            .map(|(starts_at, ends_at)| {
                Taken::new(from_unix(starts_at)?, from_unix(ends_at)?)
                    .map_err(|e| corrupt("appointments.ends_at", e))
            })
            .collect()
    }

    async fn change_status(&self, change: StatusChange) -> Result<Appointment, BookingConflict> {
        let row = self
            .db
            .write_refusable(move |conn| booking_writes::change_status(conn, &change))
            .await
            .map_err(conflict)?;
        Ok(row.into_appointment()?)
    }

    async fn move_appointment(&self, change: Move) -> Result<Appointment, BookingConflict> {
        let row = self
            .db
            .write_refusable(move |conn| booking_writes::move_appointment(conn, &change))
            .await
            .map_err(conflict)?;
        Ok(row.into_appointment()?)
    }

    async fn store_meeting(
        &self,
        id: AppointmentId,
        meeting: &Meeting,
        expected_version: i64,
        jobs: Vec<NewJob>,
        now: Timestamp,
    ) -> Result<(), BookingConflict> {
        let meeting = meeting.clone();
        let now = to_unix(now);
        let key = self.key.clone();
        self.db
            .write_refusable(move |conn| {
                booking_writes::store_meeting(
                    conn,
                    &key,
                    id,
                    &meeting,
                    expected_version,
                    &jobs,
                    now,
                )
            })
            .await
            .map_err(conflict)
    }

    async fn record_notice_sent(
        &self,
        id: AppointmentId,
        message_id: &str,
        carried_invite: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let message_id = message_id.to_owned();
        let now = to_unix(now);
        self.db
            .write(move |conn| {
                booking_writes::record_notice(conn, id.get(), &message_id, carried_invite, now)
            })
            .await
    }

    async fn meeting_passcode(&self, id: AppointmentId) -> Result<Option<String>, StoreError> {
        let sealed = self
            .db
            .read(move |conn| {
                Ok(appointments::table
                    .find(id.get())
                    .select(appointments::meeting_passcode)
                    .first::<Option<String>>(conn)
                    .optional()?
                    .flatten())
            })
            .await?;
        sealed
            .map(|text| {
                open(
                    &self.key,
                    &appointment_record_key(id.get()),
                    APPOINTMENT_MEETING_PASSCODE,
                    &text,
                )
            })
            .transpose()
    }

    async fn record_confirmation(
        &self,
        id: AppointmentId,
        sent: ConfirmationSent,
        message_id: &str,
        expected_version: i64,
        jobs: Vec<NewJob>,
        now: Timestamp,
    ) -> Result<(), BookingConflict> {
        let message_id = message_id.to_owned();
        let now = to_unix(now);
        self.db
            .write_refusable(move |conn| {
                booking_writes::record_confirmation(
                    conn,
                    id,
                    sent,
                    &message_id,
                    expected_version,
                    &jobs,
                    now,
                )
            })
            .await
            .map_err(conflict)
    }

    async fn history(&self, id: AppointmentId) -> Result<Vec<AppointmentChange>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                Ok(appointment_history::table
                    .filter(appointment_history::appointment_id.eq(id.get()))
                    .order((appointment_history::at, appointment_history::id))
                    .select(HistoryRow::as_select())
                    .load(conn)?)
            })
            .await?;
        rows.into_iter().map(HistoryRow::into_change).collect()
    }
}
