//! `SessionStore` on SQLite: sessions keyed by the hash of their cookie token.

use super::{corrupt, SqliteStore};
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::sessions;
use async_trait::async_trait;
use consulta_domain::model::AccountRef;
use consulta_domain::ports::{NewSession, SessionRecord, SessionStore, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

/// Recording every request's visit would make each page view a write;
/// idle expiry is counted in minutes, so a minute's precision is enough.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

#[derive(Queryable, Selectable)]
#[diesel(table_name = sessions, check_for_backend(diesel::sqlite::Sqlite))]
struct SessionRow {
    account_kind: String,
    account_id: i64,
    csrf_token: String,
    created_at: i64,
    last_seen_at: i64,
}

pub(super) fn delete_sessions_of(
    conn: &mut SqliteConnection,
    account: AccountRef,
) -> Result<(), DbError> {
    diesel::delete(
        sessions::table
            .filter(sessions::account_kind.eq(account.kind()))
            .filter(sessions::account_id.eq(account.raw_id())),
    )
    .execute(conn)?;
    Ok(())
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, session: NewSession) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                diesel::insert_into(sessions::table)
                    .values((
                        sessions::token_hash.eq(&session.token_hash),
                        sessions::account_kind.eq(session.account.kind()),
                        sessions::account_id.eq(session.account.raw_id()),
                        sessions::csrf_token.eq(&session.csrf_token),
                        sessions::created_at.eq(to_unix(session.at)),
                        sessions::last_seen_at.eq(to_unix(session.at)),
                    ))
                    .execute(conn)?;
                Ok(())
            })
            .await
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
        absolute_cutoff: Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let token = token_hash.to_owned();
        let lookup = token.clone();
        // Most requests only read; the writer is used only when something changes.
        let row = self
            .db
            .read(move |conn| {
                Ok(sessions::table
                    .find(&lookup)
                    .select(SessionRow::as_select())
                    .first(conn)
                    .optional()?)
            })
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let live =
            row.created_at > to_unix(absolute_cutoff) && row.last_seen_at > to_unix(idle_cutoff);
        if !live {
            self.delete_session(&token).await?;
            return Ok(None);
        }
        let now_s = to_unix(now);
        let mut last_seen_at = row.last_seen_at;
        if now_s - row.last_seen_at >= TOUCH_INTERVAL_SECONDS {
            self.db
                .write(move |conn| {
                    diesel::update(sessions::table.find(&token))
                        .filter(sessions::last_seen_at.lt(now_s))
                        .set(sessions::last_seen_at.eq(now_s))
                        .execute(conn)?;
                    Ok(())
                })
                .await?;
            last_seen_at = now_s;
        }
        Ok(Some(SessionRecord {
            account: AccountRef::from_parts(&row.account_kind, row.account_id)
                .ok_or_else(|| corrupt("sessions.account_kind", "unknown kind"))?,
            csrf_token: row.csrf_token,
            created_at: from_unix(row.created_at)?,
            last_seen_at: from_unix(last_seen_at)?,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let token = token_hash.to_owned();
        self.db
            .write(move |conn| {
                diesel::delete(sessions::table.find(&token)).execute(conn)?;
                Ok(())
            })
            .await
    }

    async fn delete_sessions_of(&self, account: AccountRef) -> Result<(), StoreError> {
        self.db
            .write(move |conn| delete_sessions_of(conn, account))
            .await
    }

    async fn prune_sessions(
        &self,
        idle_cutoff: Timestamp,
        absolute_cutoff: Timestamp,
    ) -> Result<u64, StoreError> {
        let (idle, absolute) = (to_unix(idle_cutoff), to_unix(absolute_cutoff));
        self.db
            .write(move |conn| {
                let deleted = diesel::delete(
                    sessions::table.filter(
                        sessions::last_seen_at
                            .le(idle)
                            .or(sessions::created_at.le(absolute)),
                    ),
                )
                .execute(conn)?;
                Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
            })
            .await
    }
}
