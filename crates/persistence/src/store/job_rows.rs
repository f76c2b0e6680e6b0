//! Diesel rows of the outbox and the one function that enqueues jobs, used
//! inside the transaction of the change that causes them.

use super::corrupt;
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::outbox_jobs;
use consulta_domain::model::{
    AccountRef, AppointmentId, Job, JobId, JobKind, JobPayload, JobState, NewJob, PatientId,
    StaffId,
};
use consulta_domain::ports::StoreError;
use diesel::prelude::*;
use diesel::SqliteConnection;

#[derive(Queryable, Selectable)]
#[diesel(table_name = outbox_jobs, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct JobRow {
    id: i64,
    kind: String,
    appointment_id: Option<i64>,
    patient_id: Option<i64>,
    staff_id: Option<i64>,
    payload: String,
    attempts: i32,
    run_at: i64,
    state: String,
    last_error: Option<String>,
    locked_until: Option<i64>,
    created_at: i64,
}

impl JobRow {
    pub(super) fn id(&self) -> i64 {
        self.id
    }

    /// The row as the claim leaves it: leased until `until`.
    pub(super) fn leased_until(mut self, until: i64) -> Self {
        self.locked_until = Some(until);
        self
    }

    /// Why this version cannot run the row, if it cannot: a kind or payload
    /// written by a newer version, or by hand.
    pub(super) fn unreadable(&self) -> Option<String> {
        if JobKind::parse(&self.kind).is_none() {
            return Some(format!("unknown job kind {:?}", self.kind));
        }
        JobPayload::parse(&self.payload)
            .err()
            .map(|e| e.to_string())
    }

    pub(super) fn into_job(self) -> Result<Job, StoreError> {
        let account = match (self.patient_id, self.staff_id) {
            (Some(id), _) => Some(AccountRef::Patient(PatientId::new(id))),
            (None, Some(id)) => Some(AccountRef::Staff(StaffId::new(id))),
            (None, None) => None,
        };
        Ok(Job {
            id: JobId::new(self.id),
            kind: JobKind::parse(&self.kind)
                .ok_or_else(|| corrupt("outbox_jobs.kind", "unknown kind"))?,
            appointment: self.appointment_id.map(AppointmentId::new),
            account,
            payload: JobPayload::parse(&self.payload)
                .map_err(|e| corrupt("outbox_jobs.payload", e))?,
            attempts: self.attempts,
            run_at: from_unix(self.run_at)?,
            state: JobState::parse(&self.state)
                .ok_or_else(|| corrupt("outbox_jobs.state", "unknown state"))?,
            last_error: self.last_error,
            locked_until: self.locked_until.map(from_unix).transpose()?,
            created_at: from_unix(self.created_at)?,
        })
    }
}

/// Enqueues `jobs`; a job naming no appointment is about `appointment` (the
/// one the calling transaction writes). With a dedupe key already taken by
/// a job of the same kind, a pending one is brought forward to the earlier
/// `run_at` and any other is left alone: the same effect is one job.
pub(super) fn enqueue(
    conn: &mut SqliteConnection,
    appointment: Option<i64>,
    jobs: &[NewJob],
    now: i64,
) -> Result<(), DbError> {
    for job in jobs {
        let about = job.appointment.map(AppointmentId::get).or(appointment);
        let key = job.dedupe.key(about.map(AppointmentId::new));
        let run_at = to_unix(job.run_at);
        if let Some(key) = &key {
            let existing = outbox_jobs::table
                .filter(outbox_jobs::kind.eq(job.kind.as_str()))
                .filter(outbox_jobs::dedupe_key.eq(key))
                .select((outbox_jobs::id, outbox_jobs::state, outbox_jobs::run_at))
                .first::<(i64, String, i64)>(conn)
                .optional()?;
            if let Some((id, state, due)) = existing {
                if state == JobState::Pending.as_str() && run_at < due {
                    diesel::update(outbox_jobs::table.find(id))
                        .set((
                            outbox_jobs::run_at.eq(run_at),
                            outbox_jobs::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                }
                continue;
            }
        }
        let (patient, staff) = match job.account {
            Some(AccountRef::Patient(id)) => (Some(id.get()), None),
            Some(AccountRef::Staff(id)) => (None, Some(id.get())),
            None => (None, None),
        };
        diesel::insert_into(outbox_jobs::table)
            .values((
                outbox_jobs::kind.eq(job.kind.as_str()),
                outbox_jobs::appointment_id.eq(about),
                outbox_jobs::patient_id.eq(patient),
                outbox_jobs::staff_id.eq(staff),
                outbox_jobs::payload.eq(job.payload.to_stored()),
                outbox_jobs::dedupe_key.eq(&key),
                outbox_jobs::state.eq(JobState::Pending.as_str()),
                outbox_jobs::attempts.eq(0),
                outbox_jobs::run_at.eq(run_at),
                outbox_jobs::created_at.eq(now),
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
