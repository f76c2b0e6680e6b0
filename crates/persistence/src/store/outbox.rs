//! `Outbox` on SQLite: jobs claimed in batches with a lease in one write, and
//! their outcomes recorded in one write, so the worker costs the single
//! writer two transactions per batch rather than two per job.

use super::job_rows::{enqueue, JobRow};
use super::SqliteStore;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{outbox_jobs, sent_mails};
use async_trait::async_trait;
use consulta_domain::model::{AppointmentId, Job, JobId, JobKind, JobOutcome, JobState, NewJob};
use consulta_domain::ports::{Outbox, StoreError};
use consulta_domain::services::jobs::dead_job_alert;
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::{SignedDuration, Timestamp};

const MAX_PAGE: i64 = 500;

/// The most jobs one claim takes, whatever the caller asks.
const MAX_CLAIM: i64 = 256;

const PENDING: &str = "pending";

/// A row this version cannot run: dead, with the reason, for the admin panel.
fn bury(conn: &mut SqliteConnection, id: i64, reason: &str, now: i64) -> Result<(), DbError> {
    tracing::error!(
        job = id,
        reason,
        "outbox job this version cannot read marked dead"
    );
    diesel::update(outbox_jobs::table.find(id))
        .set((
            outbox_jobs::state.eq(JobState::Dead.as_str()),
            outbox_jobs::last_error.eq(reason),
            outbox_jobs::locked_until.eq(None::<i64>),
            outbox_jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

fn record(
    conn: &mut SqliteConnection,
    id: JobId,
    outcome: &JobOutcome,
    now: i64,
) -> QueryResult<usize> {
    // Only a pending job changes: one another worker finished after taking
    // over an expired lease, or one an admin cancelled, stays as it is.
    let target = outbox_jobs::table
        .find(id.get())
        .filter(outbox_jobs::state.eq(PENDING));
    let unlocked = outbox_jobs::locked_until.eq(None::<i64>);
    match outcome {
        JobOutcome::Done => diesel::update(target)
            .set((
                outbox_jobs::state.eq(JobState::Done.as_str()),
                unlocked,
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn),
        JobOutcome::NotYet { at } => diesel::update(target)
            .set((
                outbox_jobs::run_at.eq(to_unix(*at)),
                unlocked,
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn),
        JobOutcome::RetryAt { at, error } => diesel::update(target)
            .set((
                outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
                outbox_jobs::last_error.eq(error),
                outbox_jobs::run_at.eq(to_unix(*at)),
                unlocked,
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn),
        JobOutcome::Dead { reason } => diesel::update(target)
            .set((
                outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
                outbox_jobs::state.eq(JobState::Dead.as_str()),
                outbox_jobs::last_error.eq(reason),
                unlocked,
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn),
    }
}

#[async_trait]
impl Outbox for SqliteStore {
    async fn claim(
        &self,
        now: Timestamp,
        lease: SignedDuration,
        limit: usize,
    ) -> Result<Vec<Job>, StoreError> {
        let now_s = to_unix(now);
        let until = to_unix(now.saturating_add(lease).unwrap_or(Timestamp::MAX));
        let limit = i64::try_from(limit)
            .unwrap_or(MAX_CLAIM)
            .clamp(1, MAX_CLAIM);
        let rows = self
            .db
            .write(move |conn| {
                let mut claimed = Vec::new();
                loop {
                    let wanted = limit - claimed.len() as i64;
                    let due: Vec<JobRow> = outbox_jobs::table
                        .filter(outbox_jobs::state.eq(PENDING))
                        .filter(outbox_jobs::run_at.le(now_s))
                        .filter(
                            outbox_jobs::locked_until
                                .is_null()
                                .or(outbox_jobs::locked_until.le(now_s)),
                        )
                        .filter(
                            outbox_jobs::id
                                .ne_all(claimed.iter().map(JobRow::id).collect::<Vec<_>>()),
                        )
                        .order((outbox_jobs::run_at, outbox_jobs::id))
                        .limit(wanted)
                        .select(JobRow::as_select())
                        .load(conn)?;
                    let found = due.len() as i64;
                    let mut buried = false;
                    for row in due {
                        if let Some(reason) = row.unreadable() {
                            // Left pending, it would come back in every claim.
                            bury(conn, row.id(), &reason, now_s)?;
                            buried = true;
                            continue;
                        }
                        claimed.push(row.leased_until(until));
                    }
                    // Fill the batch past rows that were buried, if more are due.
                    if !buried || found < wanted {
                        break;
                    }
                }
                let ids: Vec<i64> = claimed.iter().map(JobRow::id).collect();
                diesel::update(outbox_jobs::table.filter(outbox_jobs::id.eq_any(&ids)))
                    .set((
                        outbox_jobs::locked_until.eq(until),
                        outbox_jobs::updated_at.eq(now_s),
                    ))
                    .execute(conn)?;
                Ok(claimed)
            })
            .await?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn finish(
        &self,
        outcomes: Vec<(JobId, JobOutcome)>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let now = to_unix(now);
        self.db
            .write(move |conn| {
                for (id, outcome) in &outcomes {
                    let changed = record(conn, *id, outcome, now)?;
                    if changed > 0 && matches!(outcome, JobOutcome::Dead { .. }) {
                        alert_admins(conn, *id, now)?;
                    }
                }
                Ok(())
            })
            .await
    }

    async fn enqueue(&self, jobs: Vec<NewJob>, now: Timestamp) -> Result<(), StoreError> {
        let now = to_unix(now);
        self.db
            .write(move |conn| enqueue(conn, None, &jobs, now))
            .await
    }

    async fn mail_sent(&self, message_id: &str) -> Result<bool, StoreError> {
        let message_id = message_id.to_owned();
        self.db
            .read(move |conn| {
                Ok(sent_mails::table
                    .find(&message_id)
                    .select(sent_mails::message_id)
                    .first::<String>(conn)
                    .optional()?
                    .is_some())
            })
            .await
    }

    async fn record_mail_sent(&self, message_id: &str, at: Timestamp) -> Result<(), StoreError> {
        let message_id = message_id.to_owned();
        let at = to_unix(at);
        self.db
            .write(move |conn| record_mail(conn, &message_id, at).map(|_| ()))
            .await
    }

    async fn job(&self, id: JobId) -> Result<Option<Job>, StoreError> {
        let row = self
            .db
            .read(move |conn| {
                Ok(outbox_jobs::table
                    .find(id.get())
                    .select(JobRow::as_select())
                    .first(conn)
                    .optional()?)
            })
            .await?;
        row.filter(|row| row.unreadable().is_none())
            .map(JobRow::into_job)
            .transpose()
    }

    async fn revive(&self, id: JobId, now: Timestamp) -> Result<bool, StoreError> {
        let now = to_unix(now);
        self.db
            .write(move |conn| {
                let changed = diesel::update(
                    outbox_jobs::table.find(id.get()).filter(
                        outbox_jobs::state
                            .eq(JobState::Dead.as_str())
                            .or(outbox_jobs::state.eq(JobState::Cancelled.as_str())),
                    ),
                )
                .set((
                    outbox_jobs::state.eq(PENDING),
                    outbox_jobs::run_at.eq(now),
                    outbox_jobs::locked_until.eq(None::<i64>),
                    outbox_jobs::updated_at.eq(now),
                ))
                .execute(conn)?;
                Ok(changed > 0)
            })
            .await
    }

    async fn cancel(&self, id: JobId, now: Timestamp) -> Result<bool, StoreError> {
        let now = to_unix(now);
        self.db
            .write(move |conn| {
                let changed = diesel::update(
                    outbox_jobs::table.find(id.get()).filter(
                        outbox_jobs::state
                            .eq(PENDING)
                            .or(outbox_jobs::state.eq(JobState::Dead.as_str())),
                    ),
                )
                .set((
                    outbox_jobs::state.eq(JobState::Cancelled.as_str()),
                    outbox_jobs::locked_until.eq(None::<i64>),
                    outbox_jobs::updated_at.eq(now),
                ))
                .execute(conn)?;
                Ok(changed > 0)
            })
            .await
    }

    async fn jobs_of_appointment(&self, id: AppointmentId) -> Result<Vec<Job>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                Ok(outbox_jobs::table
                    .filter(outbox_jobs::appointment_id.eq(id.get()))
                    .order(outbox_jobs::id)
                    .limit(MAX_PAGE)
                    .select(JobRow::as_select())
                    .load(conn)?)
            })
            .await?;
        rows.into_iter()
            .filter(|row| row.unreadable().is_none())
            .map(JobRow::into_job)
            .collect()
    }

    async fn jobs(&self, state: JobState, limit: i64) -> Result<Vec<Job>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                Ok(outbox_jobs::table
                    .filter(outbox_jobs::state.eq(state.as_str()))
                    .order((outbox_jobs::created_at.desc(), outbox_jobs::id.desc()))
                    .limit(limit.clamp(0, MAX_PAGE))
                    .select(JobRow::as_select())
                    .load(conn)?)
            })
            .await?;
        // A row this version cannot read cannot be shown as a `Job`; claim()
        // has marked it dead with the reason in last_error.
        rows.into_iter()
            .filter(|row| row.unreadable().is_none())
            .map(JobRow::into_job)
            .collect()
    }
}

/// Admins hear of a job that died, in the write that marks it dead; an
/// alert job's own death alerts no one (`dead_job_alert`).
fn alert_admins(conn: &mut SqliteConnection, id: JobId, now: i64) -> Result<(), DbError> {
    let kind: String = outbox_jobs::table
        .find(id.get())
        .select(outbox_jobs::kind)
        .first(conn)?;
    let Some(kind) = JobKind::parse(&kind) else {
        return Ok(());
    };
    let at = crate::instant::from_unix(now)?;
    if let Some(alert) = dead_job_alert(id, kind, at) {
        enqueue(conn, None, &[alert], now)?;
    }
    Ok(())
}

/// Records a mail as sent, once per Message-ID, inside the caller's
/// transaction; `true` when this call recorded it.
pub(super) fn record_mail(
    conn: &mut SqliteConnection,
    message_id: &str,
    at: i64,
) -> Result<bool, DbError> {
    let inserted = diesel::insert_or_ignore_into(sent_mails::table)
        .values((
            sent_mails::message_id.eq(message_id),
            sent_mails::sent_at.eq(at),
        ))
        .execute(conn)?;
    Ok(inserted > 0)
}
