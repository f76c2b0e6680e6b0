//! `AuditSearch` on SQLite: the audit log filtered, counted and paged in SQL,
//! newest first, with each actor's name.

use super::audit::AuditRow;
use super::SqliteStore;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{audit_log, patients, staff_users};
use async_trait::async_trait;
use consulta_domain::model::AccountRef;
use consulta_domain::ports::{AuditPage, AuditQuery, AuditRecord, AuditSearch, StoreError};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use diesel::sqlite::Sqlite;
use diesel::SqliteConnection;
use std::collections::HashMap;

const MAX_PAGE: i64 = 500;

fn matching(q: &AuditQuery) -> audit_log::BoxedQuery<'static, Sqlite> {
    let mut query = audit_log::table.into_boxed();
    if let Some(actor) = q.actor {
        query = query
            .filter(audit_log::actor_kind.eq(actor.kind()))
            .filter(audit_log::actor_id.eq(actor.raw_id()));
    }
    if let Some(action) = &q.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(from) = q.from {
        query = query.filter(audit_log::at.ge(to_unix(from)));
    }
    if let Some(until) = q.until {
        query = query.filter(audit_log::at.lt(to_unix(until)));
    }
    if let Some(patient) = q.patient {
        let id = patient.get();
        // The patient's own record, or one of their appointments or payments.
        query = query.filter(
            sql::<Bool>("(subject = 'patient:' || ")
                .bind::<BigInt, _>(id)
                .sql(" OR subject IN (SELECT 'appointment:' || id FROM appointments WHERE patient_id = ")
                .bind::<BigInt, _>(id)
                .sql(") OR subject IN (SELECT 'payment:' || payments.id FROM payments JOIN appointments ON appointments.id = payments.appointment_id WHERE appointments.patient_id = ")
                .bind::<BigInt, _>(id)
                .sql("))"),
        );
    }
    query
}

/// The names of the actors of these entries, read in two queries.
fn actor_names(
    conn: &mut SqliteConnection,
    rows: &[AuditRow],
) -> Result<HashMap<(String, i64), String>, DbError> {
    let ids = |kind: &str| -> Vec<i64> {
        rows.iter()
            .filter(|r| r.actor_kind.as_deref() == Some(kind))
            .filter_map(|r| r.actor_id)
            .collect()
    };
    let mut names = HashMap::new();
    let staff: Vec<(i64, String)> = staff_users::table
        .filter(staff_users::id.eq_any(ids("staff")))
        .select((staff_users::id, staff_users::name))
        .load(conn)?;
    names.extend(
        staff
            .into_iter()
            .map(|(id, n)| (("staff".to_owned(), id), n)),
    );
    let patients: Vec<(i64, String)> = patients::table
        .filter(patients::id.eq_any(ids("patient")))
        .select((patients::id, patients::name))
        .load(conn)?;
    names.extend(
        patients
            .into_iter()
            .map(|(id, n)| (("patient".to_owned(), id), n)),
    );
    Ok(names)
}

#[async_trait]
impl AuditSearch for SqliteStore {
    async fn search_audit(
        &self,
        query: &AuditQuery,
        limit: i64,
        offset: i64,
    ) -> Result<AuditPage, StoreError> {
        let query = query.clone();
        let (rows, names, total) = self
            .db
            .read(move |conn| {
                let total = matching(&query).count().get_result::<i64>(conn)?;
                let rows = matching(&query)
                    .order((audit_log::at.desc(), audit_log::id.desc()))
                    .limit(limit.clamp(0, MAX_PAGE))
                    .offset(offset.max(0))
                    .select(AuditRow::as_select())
                    .load::<AuditRow>(conn)?;
                let names = actor_names(conn, &rows)?;
                Ok((rows, names, total))
            })
            .await?;
        let records = rows
            .into_iter()
            .map(|row| {
                let entry = row.into_entry()?;
                let actor_name = entry
                    .actor
                    .and_then(|a: AccountRef| names.get(&(a.kind().to_owned(), a.raw_id())))
                    .cloned();
                Ok(AuditRecord { entry, actor_name })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(AuditPage { records, total })
    }

    async fn audit_actions(&self) -> Result<Vec<String>, StoreError> {
        self.db
            .read(move |conn| {
                Ok(audit_log::table
                    .select(audit_log::action)
                    .distinct()
                    .order(audit_log::action)
                    .limit(MAX_PAGE)
                    .load(conn)?)
            })
            .await
    }
}
