//! `ReportStore` on SQLite: every figure is a GROUP BY in SQL. The periods
//! and windows the use case worked out come in as a `VALUES` table joined on
//! the instants, so each bucket is an index range (`appointments_by_start`,
//! `payments_by_paid_date`, `refunds_by_at`, `appointments_by_doctor`). The
//! paid payments name their index: left to itself SQLite prefers the status
//! index (an IN on status looks more selective than a range) and reads every
//! paid payment for each period.

use super::{corrupt, SqliteStore};
use crate::instant::to_unix;
use async_trait::async_trait;
use consulta_domain::model::{Currency, DoctorId};
use consulta_domain::ports::{
    BookedTime, DoctorCount, DoctorWindow, OutcomeCounts, Period, PeriodCount, ReportStore,
    RevenueSum, StoreError,
};
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_query;
use diesel::sql_types::BigInt;
use diesel::sqlite::Sqlite;
use jiff::Timestamp;

/// The statuses of an appointment that held its slot.
const HELD: &str = "('confirmed', 'completed', 'no_show')";

/// A payment that was paid, whatever refunds came after.
const PAID: &str = "('paid', 'partially_refunded', 'refunded')";

type Query = BoxedSqlQuery<'static, Sqlite, diesel::query_builder::SqlQuery>;

/// `WITH name(seq, lo, hi) AS (VALUES (?, ?, ?), ...)` then `body`, bound to `rows`.
fn with_values(name: &str, rows: &[(i64, i64, i64)], body: &str) -> Query {
    let values = vec!["(?, ?, ?)"; rows.len()].join(", ");
    let mut query = sql_query(format!(
        "WITH {name}(seq, lo, hi) AS (VALUES {values}) {body}"
    ))
    .into_boxed::<Sqlite>();
    for (seq, lo, hi) in rows {
        query = query
            .bind::<BigInt, _>(*seq)
            .bind::<BigInt, _>(*lo)
            .bind::<BigInt, _>(*hi);
    }
    query
}

fn period_rows(periods: &[Period]) -> Vec<(i64, i64, i64)> {
    periods
        .iter()
        .map(|p| (p.seq, to_unix(p.from), to_unix(p.until)))
        .collect()
}

#[derive(QueryableByName)]
struct SeqCount {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct NamedCount {
    #[diesel(sql_type = BigInt)]
    doctor_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct RevenueRow {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    provider: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    currency: String,
    #[diesel(sql_type = BigInt)]
    paid: i64,
    #[diesel(sql_type = BigInt)]
    refunded: i64,
}

#[derive(QueryableByName)]
struct OutcomeRow {
    #[diesel(sql_type = BigInt)]
    doctor_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    booked: i64,
    #[diesel(sql_type = BigInt)]
    cancelled: i64,
    #[diesel(sql_type = BigInt)]
    completed: i64,
    #[diesel(sql_type = BigInt)]
    no_show: i64,
}

#[async_trait]
impl ReportStore for SqliteStore {
    async fn appointments_per_period(
        &self,
        periods: &[Period],
    ) -> Result<Vec<PeriodCount>, StoreError> {
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let rows = period_rows(periods);
        let found: Vec<SeqCount> = self
            .db
            .read(move |conn| {
                let body = format!(
                    "SELECT p.seq AS seq, COUNT(a.id) AS n FROM periods p \
                     LEFT JOIN appointments a ON a.starts_at >= p.lo AND a.starts_at < p.hi \
                     AND a.status IN {HELD} GROUP BY p.seq ORDER BY p.seq"
                );
                Ok(with_values("periods", &rows, &body).load(conn)?)
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|r| PeriodCount {
                seq: r.seq,
                count: r.n,
            })
            .collect())
    }

    async fn appointments_per_doctor(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<DoctorCount>, StoreError> {
        let found: Vec<NamedCount> = self
            .db
            .read(move |conn| {
                Ok(sql_query(format!(
                    "SELECT d.id AS doctor_id, d.name AS name, COUNT(*) AS n \
                     FROM appointments a JOIN doctors d ON d.id = a.doctor_id \
                     WHERE a.starts_at >= ? AND a.starts_at < ? AND a.status IN {HELD} \
                     GROUP BY d.id, d.name ORDER BY d.name, d.id"
                ))
                .bind::<BigInt, _>(to_unix(from))
                .bind::<BigInt, _>(to_unix(until))
                .load(conn)?)
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|r| DoctorCount {
                doctor: DoctorId::new(r.doctor_id),
                name: r.name,
                count: r.n,
            })
            .collect())
    }

    async fn revenue_per_period(&self, periods: &[Period]) -> Result<Vec<RevenueSum>, StoreError> {
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let rows = period_rows(periods);
        let found: Vec<RevenueRow> = self
            .db
            .read(move |conn| {
                let body = format!(
                    "SELECT seq, provider, currency, SUM(paid) AS paid, SUM(refunded) AS refunded \
                     FROM ( \
                       SELECT p.seq AS seq, pay.payment_method AS provider, pay.currency AS currency, \
                              pay.amount AS paid, 0 AS refunded \
                       FROM periods p JOIN payments pay INDEXED BY payments_by_paid_date \
                         ON pay.payment_date >= p.lo AND pay.payment_date < p.hi \
                       WHERE pay.status IN {PAID} \
                       UNION ALL \
                       SELECT p.seq, pay.payment_method, r.currency, 0, r.amount \
                       FROM periods p JOIN refunds r ON r.at >= p.lo AND r.at < p.hi \
                       JOIN payments pay ON pay.id = r.payment_id \
                     ) GROUP BY seq, provider, currency ORDER BY seq, provider, currency"
                );
                Ok(with_values("periods", &rows, &body).load(conn)?)
            })
            .await?;
        found
            .into_iter()
            .map(|r| {
                Ok(RevenueSum {
                    seq: r.seq,
                    currency: Currency::parse(&r.currency)
                        .map_err(|e| corrupt("payments.currency", e))?,
                    provider: r.provider,
                    paid_minor: r.paid,
                    refunded_minor: r.refunded,
                })
            })
            .collect()
    }

    async fn outcomes_per_doctor(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<OutcomeCounts>, StoreError> {
        let found: Vec<OutcomeRow> = self
            .db
            .read(move |conn| {
                Ok(sql_query(
                    "SELECT d.id AS doctor_id, d.name AS name, COUNT(*) AS booked, \
                     SUM(a.status = 'cancelled') AS cancelled, \
                     SUM(a.status = 'completed') AS completed, \
                     SUM(a.status = 'no_show') AS no_show \
                     FROM appointments a JOIN doctors d ON d.id = a.doctor_id \
                     WHERE a.starts_at >= ? AND a.starts_at < ? \
                     AND a.status IN ('confirmed', 'completed', 'no_show', 'cancelled') \
                     GROUP BY d.id, d.name ORDER BY d.name, d.id",
                )
                .bind::<BigInt, _>(to_unix(from))
                .bind::<BigInt, _>(to_unix(until))
                .load(conn)?)
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|r| OutcomeCounts {
                doctor: DoctorId::new(r.doctor_id),
                name: r.name,
                booked: r.booked,
                cancelled: r.cancelled,
                completed: r.completed,
                no_show: r.no_show,
            })
            .collect())
    }

    async fn booked_time(&self, windows: &[DoctorWindow]) -> Result<Vec<BookedTime>, StoreError> {
        if windows.is_empty() {
            return Ok(Vec::new());
        }
        // Here the VALUES table's `seq` is the doctor's id.
        let rows: Vec<(i64, i64, i64)> = windows
            .iter()
            .map(|w| (w.doctor.get(), to_unix(w.from), to_unix(w.until)))
            .collect();
        let found: Vec<SeqCount> = self
            .db
            .read(move |conn| {
                let body = format!(
                    "SELECT w.seq AS seq, SUM(a.ends_at - a.starts_at) AS n FROM windows w \
                     JOIN appointments a ON a.doctor_id = w.seq \
                     AND a.starts_at >= w.lo AND a.starts_at < w.hi AND a.status IN {HELD} \
                     GROUP BY w.seq ORDER BY w.seq"
                );
                Ok(with_values("windows", &rows, &body).load(conn)?)
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|r| BookedTime {
                doctor: DoctorId::new(r.seq),
                seconds: r.n,
            })
            .collect())
    }
}
