//! `AuditLog` on SQLite. Rows are only ever inserted; triggers refuse the rest.

use super::{corrupt, SqliteStore};
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::audit_log;
use async_trait::async_trait;
use consulta_domain::model::AccountRef;
use consulta_domain::ports::{AuditEntry, AuditLog, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;

const MAX_PAGE: i64 = 500;

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct AuditRow {
    at: i64,
    pub(super) actor_kind: Option<String>,
    pub(super) actor_id: Option<i64>,
    action: String,
    subject: Option<String>,
    client: Option<String>,
}

impl AuditRow {
    pub(super) fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let actor = match (self.actor_kind, self.actor_id) {
            (None, None) => None,
            (Some(kind), Some(id)) => Some(
                AccountRef::from_parts(&kind, id)
                    .ok_or_else(|| corrupt("audit_log.actor_kind", "unknown kind"))?,
            ),
            _ => return Err(corrupt("audit_log.actor", "kind and id disagree")),
        };
        Ok(AuditEntry {
            at: from_unix(self.at)?,
            actor,
            action: self.action,
            subject: self.subject,
            client: self.client,
        })
    }
}

/// Shared with the writes that must be audited in their own transaction.
pub(super) fn insert_entry(conn: &mut SqliteConnection, entry: &AuditEntry) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(to_unix(entry.at)),
            audit_log::actor_kind.eq(entry.actor.map(|a| a.kind())),
            audit_log::actor_id.eq(entry.actor.map(|a| a.raw_id())),
            audit_log::action.eq(&entry.action),
            audit_log::subject.eq(&entry.subject),
            audit_log::client.eq(&entry.client),
        ))
        .execute(conn)?;
    Ok(())
}

#[async_trait]
impl AuditLog for SqliteStore {
    async fn record(&self, entry: AuditEntry) -> Result<(), StoreError> {
        self.db.write(move |conn| insert_entry(conn, &entry)).await
    }

    async fn recent(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = self
            .db
            .read(move |conn| {
                Ok(audit_log::table
                    .order((audit_log::at.desc(), audit_log::id.desc()))
                    .limit(limit.clamp(0, MAX_PAGE))
                    .offset(offset.max(0))
                    .select(AuditRow::as_select())
                    .load(conn)?)
            })
            .await?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }
}
