//! The queries a booking or a move runs inside its write transaction:
//! releasing expired holds in the way, and the overlap and limit checks.
//!
//! "Active at now" is one definition everywhere: confirmed, or awaiting
//! payment with the hold running past `now`.

use super::appointment_rows::NewHistory;
use super::job_rows::enqueue;
use crate::db::DbError;
use crate::instant::from_unix;
use crate::schema::appointments;
use consulta_domain::model::{Actor, AppointmentStatus};
use consulta_domain::ports::StoreError;
use consulta_domain::services::jobs::effects::on_hold_expired;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel::sqlite::Sqlite;
use diesel::SqliteConnection;

const CONFIRMED: &str = "confirmed";
const PENDING_PAYMENT: &str = "pending_payment";

type Condition = Box<dyn BoxableExpression<appointments::table, Sqlite, SqlType = Bool>>;

/// Confirmed, or held with `hold_until > now` (a NULL hold never counts).
fn active_at(now: i64) -> Condition {
    Box::new(
        appointments::status.eq(CONFIRMED).or(appointments::status
            .eq(PENDING_PAYMENT)
            .and(appointments::hold_until.assume_not_null().gt(now))),
    )
}

/// No appointment lasts longer than this (the domain caps a slot at 240
/// minutes). It gives every overlap query a lower bound on `starts_at`, so
/// the (doctor_id, starts_at) and (patient_id, starts_at) indexes scan a few
/// rows instead of the whole past; an appointment longer than this would be
/// missed by the overlap checks (the unique index still holds).
const LONGEST_APPOINTMENT_SECONDS: i64 = 24 * 60 * 60;

/// An instant range `[starts_at, ends_at)` in stored Unix seconds, with the
/// doctor's buffer in seconds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
    pub(super) buffer: i64,
}

impl Span {
    /// Rows `a` with `a.starts_at < ends_at + buffer AND a.ends_at + buffer > starts_at`:
    /// `a` or its buffer overlaps this span (both sides are symmetric).
    fn near_doctor(self) -> Condition {
        Self {
            starts_at: self.starts_at.saturating_sub(self.buffer),
            ends_at: self.ends_at.saturating_add(self.buffer),
            buffer: 0,
        }
        .overlapping()
    }

    /// Rows overlapping `[starts_at, ends_at)` itself.
    fn overlapping(self) -> Condition {
        let earliest = self.starts_at.saturating_sub(LONGEST_APPOINTMENT_SECONDS);
        Box::new(
            appointments::starts_at
                .lt(self.ends_at)
                .and(appointments::starts_at.gt(earliest))
                .and(appointments::ends_at.gt(self.starts_at)),
        )
    }
}

/// Marks `expired` every hold of the doctor whose time has run out and that
/// stands within the span or its buffer, each with a history entry.
pub(super) fn release_expired_holds(
    conn: &mut SqliteConnection,
    doctor: i64,
    span: Span,
    now: i64,
) -> Result<(), DbError> {
    let stale: Vec<i64> = appointments::table
        .filter(appointments::doctor_id.eq(doctor))
        .filter(appointments::status.eq(PENDING_PAYMENT))
        .filter(appointments::hold_until.le(now))
        .filter(span.near_doctor())
        .select(appointments::id)
        .load(conn)?;
    // The state machine's own transition, as the expiry job makes it.
    let held = AppointmentStatus::PendingPayment;
    let expired = held
        .expire()
        .map_err(|e| StoreError::Unexpected(e.to_string()))?;
    let system = Actor::System.to_stored();
    for id in stale {
        diesel::update(appointments::table.find(id))
            .filter(appointments::status.eq(held.as_str()))
            .set((
                appointments::status.eq(expired.as_str()),
                appointments::version.eq(appointments::version + 1),
                appointments::updated_at.eq(now),
            ))
            .execute(conn)?;
        NewHistory {
            appointment_id: id,
            at: now,
            old_status: Some(held.as_str()),
            new_status: expired.as_str(),
            old_starts_at: None,
            new_starts_at: None,
            by: &system,
            note: Some(AppointmentStatus::HOLD_EXPIRED_NOTE),
        }
        .insert(conn)?;
        // The same effects as when the expiry job releases it.
        enqueue(conn, Some(id), &on_hold_expired(from_unix(now)?), now)?;
    }
    Ok(())
}

/// An active appointment of the doctor within the span or its buffer, other
/// than `except`.
pub(super) fn doctor_conflict(
    conn: &mut SqliteConnection,
    doctor: i64,
    span: Span,
    now: i64,
    except: Option<i64>,
) -> Result<bool, DbError> {
    let mut query = appointments::table
        .filter(appointments::doctor_id.eq(doctor))
        .filter(active_at(now))
        .filter(span.near_doctor())
        .select(appointments::id)
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(appointments::id.ne(id));
    }
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

/// An active appointment of the patient, with any doctor, overlapping the
/// span (without buffer), other than `except`.
pub(super) fn patient_conflict(
    conn: &mut SqliteConnection,
    patient: i64,
    span: Span,
    now: i64,
    except: Option<i64>,
) -> Result<bool, DbError> {
    let mut query = appointments::table
        .filter(appointments::patient_id.eq(patient))
        .filter(active_at(now))
        .filter(span.overlapping())
        .select(appointments::id)
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(appointments::id.ne(id));
    }
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

/// The patient's active appointment with this doctor at exactly this start.
pub(super) fn same_booking(
    conn: &mut SqliteConnection,
    patient: i64,
    doctor: i64,
    starts_at: i64,
    now: i64,
) -> Result<Option<i64>, DbError> {
    Ok(appointments::table
        .filter(appointments::patient_id.eq(patient))
        .filter(appointments::doctor_id.eq(doctor))
        .filter(appointments::starts_at.eq(starts_at))
        .filter(active_at(now))
        .select(appointments::id)
        .first::<i64>(conn)
        .optional()?)
}

/// The patient's active appointments that start after `now`.
pub(super) fn upcoming_count(
    conn: &mut SqliteConnection,
    patient: i64,
    now: i64,
) -> Result<i64, DbError> {
    Ok(appointments::table
        .filter(appointments::patient_id.eq(patient))
        .filter(active_at(now))
        .filter(appointments::starts_at.gt(now))
        .select(count_star())
        .first(conn)?)
}

/// The doctor's active appointments overlapping `[from, to)`, by start.
pub(super) fn taken_between(
    conn: &mut SqliteConnection,
    doctor: i64,
    from: i64,
    to: i64,
    now: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    let span = Span {
        starts_at: from,
        ends_at: to,
        buffer: 0,
    };
    Ok(appointments::table
        .filter(appointments::doctor_id.eq(doctor))
        .filter(active_at(now))
        .filter(span.overlapping())
        .order(appointments::starts_at)
        .select((appointments::starts_at, appointments::ends_at))
        .load(conn)?)
}
