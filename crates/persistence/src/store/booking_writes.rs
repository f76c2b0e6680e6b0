//! The appointment writes, each the body of ONE immediate transaction
//! on the single writer. A refusal is `DbError::Refused`, which rolls the
//! whole transaction back: a refused write leaves nothing behind.

use super::appointment_rows::{load_appointment, AppointmentRow, NewHistory};
use super::booking_checks::{
    doctor_conflict, patient_conflict, release_expired_holds, same_booking, upcoming_count, Span,
};
use super::job_rows::enqueue;
use super::outbox::record_mail;
use crate::data_key::DataKey;
use crate::db::{DbError, Refusal};
use crate::instant::to_unix;
use crate::schema::appointments;
use crate::sealed_text::{appointment_record_key, seal, APPOINTMENT_MEETING_PASSCODE};
use consulta_domain::model::{
    AppointmentId, AppointmentStatus, CancelledBy, ConfirmationSent, NewJob,
};
use consulta_domain::ports::{
    AuditEntry, BookOutcome, Meeting, Move, NewBooking, StatusChange, StoreError,
};
use diesel::prelude::*;
use diesel::SqliteConnection;

fn refused(why: Refusal) -> DbError {
    DbError::Refused(why)
}

pub(super) fn book(conn: &mut SqliteConnection, b: &NewBooking) -> Result<BookOutcome, DbError> {
    let now = to_unix(b.now);
    let (patient, doctor) = (b.patient.get(), b.doctor.get());
    let span = Span {
        starts_at: to_unix(b.starts_at),
        ends_at: to_unix(b.ends_at),
        buffer: b.buffer.as_secs(),
    };
    // A double submit finds the first one's appointment, and writes nothing.
    if let Some(id) = same_booking(conn, patient, doctor, span.starts_at, now)? {
        return Ok(BookOutcome::AlreadyBooked(AppointmentId::new(id)));
    }
    release_expired_holds(conn, doctor, span, now)?;
    if doctor_conflict(conn, doctor, span, now, None)? {
        return Err(refused(Refusal::SlotTaken));
    }
    if patient_conflict(conn, patient, span, now, None)? {
        return Err(refused(Refusal::PatientBusy));
    }
    if upcoming_count(conn, patient, now)? >= b.max_upcoming {
        return Err(refused(Refusal::TooManyUpcoming));
    }
    let id = diesel::insert_into(appointments::table)
        .values((
            appointments::patient_id.eq(patient),
            appointments::doctor_name.eq(&b.doctor_name),
            appointments::appointment_date.eq(&b.local_date),
            appointments::appointment_time.eq(&b.local_time),
            appointments::reason.eq(b.reason.as_str()),
            appointments::status.eq(b.status.as_str()),
            appointments::payment_status.eq(b.payment_status.as_str()),
            appointments::amount.eq(b.amount.minor()),
            appointments::currency.eq(b.amount.currency().code()),
            appointments::doctor_id.eq(doctor),
            appointments::starts_at.eq(span.starts_at),
            appointments::ends_at.eq(span.ends_at),
            appointments::hold_until.eq(b.hold_until.map(to_unix)),
            appointments::created_at.eq(now),
            appointments::updated_at.eq(now),
        ))
        .returning(appointments::id)
        .get_result::<i64>(conn)?;
    let by = b.by.to_stored();
    NewHistory {
        appointment_id: id,
        at: now,
        old_status: None,
        new_status: b.status.as_str(),
        old_starts_at: None,
        new_starts_at: Some(span.starts_at),
        by: &by,
        note: None,
    }
    .insert(conn)?;
    enqueue(conn, Some(id), &b.jobs, now)?;
    Ok(BookOutcome::Booked(AppointmentId::new(id)))
}

/// The row as it is now, or `NotFound`.
fn current(conn: &mut SqliteConnection, id: i64) -> Result<AppointmentRow, DbError> {
    load_appointment(conn, id)?.ok_or_else(|| StoreError::NotFound.into())
}

pub(super) fn change_status(
    conn: &mut SqliteConnection,
    c: &StatusChange,
) -> Result<AppointmentRow, DbError> {
    let id = c.id.get();
    let now = to_unix(c.now);
    let before = current(conn, id)?;
    if before.status()? != c.from {
        return Err(refused(Refusal::Changed));
    }
    let cancelling = c.to == AppointmentStatus::Cancelled;
    let cancelled_by = cancelling.then(|| c.cancelled_by.unwrap_or(CancelledBy::System).as_str());
    let cancel_reason = if cancelling { c.note.as_deref() } else { None };
    let target = appointments::table
        .find(id)
        .filter(appointments::status.eq(c.from.as_str()));
    let changed = if cancelling {
        diesel::update(target)
            .set((
                appointments::status.eq(c.to.as_str()),
                appointments::cancelled_by.eq(cancelled_by),
                appointments::cancel_reason.eq(cancel_reason),
                appointments::version.eq(appointments::version + 1),
                appointments::updated_at.eq(now),
            ))
            .execute(conn)?
    } else {
        diesel::update(target)
            .set((
                appointments::status.eq(c.to.as_str()),
                appointments::version.eq(appointments::version + 1),
                appointments::updated_at.eq(now),
            ))
            .execute(conn)?
    };
    if changed == 0 {
        return Err(refused(Refusal::Changed));
    }
    NewHistory {
        appointment_id: id,
        at: now,
        old_status: Some(c.from.as_str()),
        new_status: c.to.as_str(),
        old_starts_at: None,
        new_starts_at: None,
        by: &c.by.to_stored(),
        note: c.note.as_deref(),
    }
    .insert(conn)?;
    super::audit::insert_entry(
        conn,
        &AuditEntry {
            at: c.now,
            actor: c.by.account(),
            action: format!("appointment.{}", c.to.as_str()),
            subject: Some(format!("appointment:{id}")),
            client: None,
        },
    )?;
    enqueue(conn, Some(id), &c.jobs, now)?;
    current(conn, id)
}

pub(super) fn move_appointment(
    conn: &mut SqliteConnection,
    m: &Move,
) -> Result<AppointmentRow, DbError> {
    let id = m.id.get();
    let now = to_unix(m.now);
    let before = current(conn, id)?;
    let expected = to_unix(m.expected_starts_at);
    if before.status()? != AppointmentStatus::Confirmed || before.starts_at() != expected {
        return Err(refused(Refusal::Changed));
    }
    let span = Span {
        starts_at: to_unix(m.new_starts_at),
        ends_at: to_unix(m.new_ends_at),
        buffer: m.buffer.as_secs(),
    };
    let doctor = before.doctor_id();
    release_expired_holds(conn, doctor, span, now)?;
    if doctor_conflict(conn, doctor, span, now, Some(id))? {
        return Err(refused(Refusal::SlotTaken));
    }
    if patient_conflict(conn, before.patient_id(), span, now, Some(id))? {
        return Err(refused(Refusal::PatientBusy));
    }
    let changed = diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(AppointmentStatus::Confirmed.as_str()))
            .filter(appointments::starts_at.eq(expected)),
    )
    .set((
        appointments::starts_at.eq(span.starts_at),
        appointments::ends_at.eq(span.ends_at),
        appointments::appointment_date.eq(&m.local_date),
        appointments::appointment_time.eq(&m.local_time),
        appointments::version.eq(appointments::version + 1),
        appointments::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(refused(Refusal::Changed));
    }
    let confirmed = AppointmentStatus::Confirmed.as_str();
    NewHistory {
        appointment_id: id,
        at: now,
        old_status: Some(confirmed),
        new_status: confirmed,
        old_starts_at: Some(expected),
        new_starts_at: Some(span.starts_at),
        by: &m.by.to_stored(),
        note: None,
    }
    .insert(conn)?;
    enqueue(conn, Some(id), &m.jobs, now)?;
    current(conn, id)
}

/// The row, if it is still at `expected` version; else `Changed`.
fn at_version(
    conn: &mut SqliteConnection,
    id: i64,
    expected: i64,
) -> Result<AppointmentRow, DbError> {
    let row = current(conn, id)?;
    if row.version() != expected {
        return Err(refused(Refusal::Changed));
    }
    Ok(row)
}

pub(super) fn store_meeting(
    conn: &mut SqliteConnection,
    key: &DataKey,
    id: AppointmentId,
    meeting: &Meeting,
    expected_version: i64,
    jobs: &[NewJob],
    now: i64,
) -> Result<(), DbError> {
    let id = id.get();
    at_version(conn, id, expected_version)?;
    // The passcode is a credential: sealed, bound to this row.
    let passcode = meeting
        .passcode
        .as_deref()
        .map(|code| {
            seal(
                key,
                &appointment_record_key(id),
                APPOINTMENT_MEETING_PASSCODE,
                code,
            )
        })
        .transpose()?;
    // A meeting stored already stays: the link patients have must not change.
    diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::meeting_id.is_null()),
    )
    .set((
        appointments::meeting_id.eq(&meeting.id),
        appointments::zoom_link.eq(&meeting.join_url),
        appointments::meeting_passcode.eq(&passcode),
    ))
    .execute(conn)?;
    diesel::update(appointments::table.find(id))
        .set((
            appointments::version.eq(appointments::version + 1),
            appointments::updated_at.eq(now),
        ))
        .execute(conn)?;
    enqueue(conn, Some(id), jobs, now)
}

pub(super) fn record_confirmation(
    conn: &mut SqliteConnection,
    id: AppointmentId,
    sent: ConfirmationSent,
    message_id: &str,
    expected_version: i64,
    jobs: &[NewJob],
    now: i64,
) -> Result<(), DbError> {
    let id = id.get();
    at_version(conn, id, expected_version)?;
    diesel::update(appointments::table.find(id))
        .set((
            appointments::confirmation_sent.eq(sent.as_str()),
            appointments::version.eq(appointments::version + 1),
            appointments::updated_at.eq(now),
        ))
        .execute(conn)?;
    // The confirmation carries the first invite.
    record_notice(conn, id, message_id, true, now)?;
    enqueue(conn, Some(id), jobs, now)
}

/// Records the mail once; the first time, an invite it carried raises the
/// sequence the next invite will carry.
pub(super) fn record_notice(
    conn: &mut SqliteConnection,
    id: i64,
    message_id: &str,
    carried_invite: bool,
    now: i64,
) -> Result<(), DbError> {
    if record_mail(conn, message_id, now)? && carried_invite {
        diesel::update(appointments::table.find(id))
            .set(appointments::invite_sequence.eq(appointments::invite_sequence + 1))
            .execute(conn)?;
    }
    Ok(())
}
