//! `ClinicOverview` on SQLite: the admin overview's counts and the lists
//! they link to, each list filtered by the very predicate its count uses.

use super::job_rows::JobRow;
use super::payment_rows::{load_payments, PaymentRow};
use super::SqliteStore;
use crate::instant::to_unix;
use crate::schema::{appointments, outbox_jobs, payments};
use async_trait::async_trait;
use consulta_domain::model::{AppointmentStatus, Job, JobKind, JobState, PaymentState};
use consulta_domain::ports::{
    ClinicOverview, JobTrouble, OverviewCounts, OverviewWindow, PaymentRecord, StoreError,
};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;
use jiff::Timestamp;

const MAX_PAGE: i64 = 500;

fn troubled(trouble: JobTrouble) -> outbox_jobs::BoxedQuery<'static, Sqlite> {
    let dead = outbox_jobs::state.eq(JobState::Dead.as_str());
    match trouble {
        JobTrouble::Dead => outbox_jobs::table.filter(dead).into_boxed(),
        JobTrouble::FailedDeliveries => {
            let kinds: Vec<&'static str> = JobKind::ALL
                .into_iter()
                .filter(JobKind::is_mail_or_meeting)
                .map(|k| k.as_str())
                .collect();
            let retrying = outbox_jobs::state
                .eq(JobState::Pending.as_str())
                .and(outbox_jobs::attempts.gt(0));
            outbox_jobs::table
                .filter(outbox_jobs::kind.eq_any(kinds))
                .filter(dead.or(retrying))
                .into_boxed()
        }
    }
}

fn needing_attention(before: Option<i64>) -> payments::BoxedQuery<'static, Sqlite> {
    match before {
        None => payments::table.into_boxed(),
        Some(before) => payments::table
            .filter(
                payments::flagged_reason.is_not_null().or(payments::status
                    .eq(PaymentState::Pending.as_str())
                    .and(payments::updated_at.le(before))),
            )
            .into_boxed(),
    }
}

#[async_trait]
impl ClinicOverview for SqliteStore {
    async fn overview_counts(&self, window: OverviewWindow) -> Result<OverviewCounts, StoreError> {
        let (start, end) = (to_unix(window.day_start), to_unix(window.day_end));
        let stale = to_unix(window.stale_before);
        self.db
            .read(move |conn| {
                Ok(OverviewCounts {
                    today: appointments::table
                        .filter(appointments::starts_at.ge(start))
                        .filter(appointments::starts_at.lt(end))
                        .select(count_star())
                        .first(conn)?,
                    holds: appointments::table
                        .filter(appointments::status.eq(AppointmentStatus::PendingPayment.as_str()))
                        .select(count_star())
                        .first(conn)?,
                    payments_attention: needing_attention(Some(stale))
                        .select(count_star())
                        .first(conn)?,
                    failed_deliveries: troubled(JobTrouble::FailedDeliveries)
                        .select(count_star())
                        .first(conn)?,
                    dead_jobs: troubled(JobTrouble::Dead)
                        .select(count_star())
                        .first(conn)?,
                })
            })
            .await
    }

    async fn troubled_jobs(
        &self,
        trouble: JobTrouble,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Job>, i64), StoreError> {
        let (rows, total) = self
            .db
            .read(move |conn| {
                let total = troubled(trouble).select(count_star()).first::<i64>(conn)?;
                let rows = troubled(trouble)
                    .order((outbox_jobs::updated_at.desc(), outbox_jobs::id.desc()))
                    .limit(limit.clamp(0, MAX_PAGE))
                    .offset(offset.max(0))
                    .select(JobRow::as_select())
                    .load::<JobRow>(conn)?;
                Ok((rows, total))
            })
            .await?;
        // A row this version cannot read was buried by claim() with its reason.
        let jobs = rows
            .into_iter()
            .filter(|row| row.unreadable().is_none())
            .map(JobRow::into_job)
            .collect::<Result<_, _>>()?;
        Ok((jobs, total))
    }

    async fn payment_list(
        &self,
        attention_before: Option<Timestamp>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRecord>, i64), StoreError> {
        let before = attention_before.map(to_unix);
        self.db
            .read(move |conn| {
                let total = needing_attention(before)
                    .select(count_star())
                    .first::<i64>(conn)?;
                let rows = needing_attention(before)
                    .order((payments::updated_at.desc(), payments::id.desc()))
                    .limit(limit.clamp(0, MAX_PAGE))
                    .offset(offset.max(0))
                    .select(PaymentRow::as_select())
                    .load(conn)?;
                Ok((load_payments(conn, rows)?, total))
            })
            .await
    }
}
