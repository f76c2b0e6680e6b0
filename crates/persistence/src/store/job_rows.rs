//! Diesel rows of the outbox and the one function that enqueues jobs, used
//! inside the transaction of the change that causes them.

use super::corrupt;
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::outbox_jobs;
use consulta_domain::model::AppointmentId;
use consulta_domain::ports::{Job, JobKind, JobState, NewJob, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;

#[derive(Queryable, Selectable)]
#[diesel(table_name = outbox_jobs, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct JobRow {
    id: i64,
    kind: String,
    appointment_id: i64,
    attempts: i32,
    run_at: i64,
    state: String,
    last_error: Option<String>,
    locked_until: Option<i64>,
}

pub(super) fn parse_state(stored: &str) -> Option<JobState> {
    Some(match stored {
        "pending" => JobState::Pending,
        "done" => JobState::Done,
        "dead" => JobState::Dead,
        _ => return None,
    })
}

impl JobRow {
    /// Whether this version knows the job's kind; see `Outbox::claim`.
    pub(super) fn kind_known(&self) -> bool {
        JobKind::parse(&self.kind).is_some()
    }

    pub(super) fn into_job(self) -> Result<Job, StoreError> {
        Ok(Job {
            id: self.id,
            kind: JobKind::parse(&self.kind)
                .ok_or_else(|| corrupt("outbox_jobs.kind", "unknown kind"))?,
            appointment: AppointmentId::new(self.appointment_id),
            attempts: self.attempts,
            run_at: from_unix(self.run_at)?,
            state: parse_state(&self.state)
                .ok_or_else(|| corrupt("outbox_jobs.state", "unknown state"))?,
            last_error: self.last_error,
            locked_until: self.locked_until.map(from_unix).transpose()?,
        })
    }
}

/// Enqueues `jobs` for the appointment, pending and unleased.
pub(super) fn enqueue(
    conn: &mut SqliteConnection,
    appointment: i64,
    jobs: &[NewJob],
    now: i64,
) -> Result<(), DbError> {
    if jobs.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = jobs
        .iter()
        .map(|job| {
            (
                outbox_jobs::kind.eq(job.kind.as_str()),
                outbox_jobs::appointment_id.eq(appointment),
                outbox_jobs::state.eq(JobState::Pending.as_str()),
                outbox_jobs::attempts.eq(0),
                outbox_jobs::run_at.eq(to_unix(job.run_at)),
                outbox_jobs::created_at.eq(now),
                outbox_jobs::updated_at.eq(now),
            )
        })
        .collect();
    diesel::insert_into(outbox_jobs::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}
