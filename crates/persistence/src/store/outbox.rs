//! `Outbox` on SQLite: jobs claimed with a lease in one write transaction,
//! so two workers never hold the same job while its lease runs.

use super::job_rows::JobRow;
use super::SqliteStore;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{outbox_jobs, sent_mails};
use async_trait::async_trait;
use consulta_domain::ports::{Job, JobKind, JobState, Outbox, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::{SignedDuration, Timestamp};

const MAX_PAGE: i64 = 500;

const PENDING: &str = "pending";

/// A kind this version does not know (written by a newer one, or by hand):
/// dead, with the reason, for the admin panel.
fn bury_unknown(conn: &mut SqliteConnection, id: i64, kind: &str, now: i64) -> Result<(), DbError> {
    tracing::error!(job = id, kind, "outbox job of unknown kind marked dead");
    diesel::update(outbox_jobs::table.find(id))
        .set((
            outbox_jobs::state.eq(JobState::Dead.as_str()),
            outbox_jobs::last_error.eq(format!("unknown job kind {kind:?}")),
            outbox_jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[async_trait]
impl Outbox for SqliteStore {
    async fn claim(
        &self,
        now: Timestamp,
        lease: SignedDuration,
    ) -> Result<Option<Job>, StoreError> {
        let now_s = to_unix(now);
        let until = to_unix(now.saturating_add(lease).unwrap_or(Timestamp::MAX));
        let row = self
            .db
            .write(move |conn| {
                loop {
                    let due = outbox_jobs::table
                        .filter(outbox_jobs::state.eq(PENDING))
                        .filter(outbox_jobs::run_at.le(now_s))
                        .filter(
                            outbox_jobs::locked_until
                                .is_null()
                                .or(outbox_jobs::locked_until.le(now_s)),
                        )
                        .order((outbox_jobs::run_at, outbox_jobs::id))
                        .select((outbox_jobs::id, outbox_jobs::kind))
                        .first::<(i64, String)>(conn)
                        .optional()?;
                    let Some((id, kind)) = due else {
                        return Ok(None);
                    };
                    if JobKind::parse(&kind).is_none() {
                        // Left pending, it would block every later job.
                        bury_unknown(conn, id, &kind, now_s)?;
                        continue;
                    }
                    return Ok(Some(
                        diesel::update(outbox_jobs::table.find(id))
                            .set((
                                outbox_jobs::locked_until.eq(until),
                                outbox_jobs::updated_at.eq(now_s),
                            ))
                            .returning(JobRow::as_returning())
                            .get_result(conn)?,
                    ));
                }
            })
            .await?;
        row.map(JobRow::into_job).transpose()
    }

    async fn complete(&self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        let now = to_unix(now);
        self.db
            .write(move |conn| {
                let changed = diesel::update(outbox_jobs::table.find(id))
                    .set((
                        outbox_jobs::state.eq(JobState::Done.as_str()),
                        outbox_jobs::locked_until.eq(None::<i64>),
                        outbox_jobs::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                if changed == 0 {
                    return Err(StoreError::NotFound.into());
                }
                Ok(())
            })
            .await
    }

    /// Only a pending job fails: a worker whose lease ran out while another
    /// finished the job must not bring it back to life.
    async fn fail(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        let error = error.to_owned();
        let (state, run_at) = match retry_at {
            Some(at) => (JobState::Pending, Some(to_unix(at))),
            None => (JobState::Dead, None),
        };
        // The port gives no `now`; updated_at is informational only.
        let now = to_unix(Timestamp::now());
        self.db
            .write(move |conn| {
                let target = outbox_jobs::table
                    .find(id)
                    .filter(outbox_jobs::state.eq(PENDING));
                let changes = (
                    outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
                    outbox_jobs::last_error.eq(&error),
                    outbox_jobs::state.eq(state.as_str()),
                    outbox_jobs::locked_until.eq(None::<i64>),
                    outbox_jobs::updated_at.eq(now),
                );
                let changed = match run_at {
                    Some(at) => diesel::update(target)
                        .set((changes, outbox_jobs::run_at.eq(at)))
                        .execute(conn)?,
                    None => diesel::update(target).set(changes).execute(conn)?,
                };
                if changed == 0 {
                    let exists = outbox_jobs::table
                        .find(id)
                        .select(outbox_jobs::id)
                        .first::<i64>(conn)
                        .optional()?;
                    if exists.is_none() {
                        return Err(StoreError::NotFound.into());
                    }
                }
                Ok(())
            })
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
            .write(move |conn| {
                diesel::insert_or_ignore_into(sent_mails::table)
                    .values((
                        sent_mails::message_id.eq(&message_id),
                        sent_mails::sent_at.eq(at),
                    ))
                    .execute(conn)?;
                Ok(())
            })
            .await
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
        // A job of a kind this version does not know cannot be shown as a
        // `Job`; claim() has marked it dead with the reason in last_error.
        rows.into_iter()
            .filter(JobRow::kind_known)
            .map(JobRow::into_job)
            .collect()
    }
}
