//! `AttemptStore` on SQLite: failed logins and registrations, counted per
//! account, per client, or both.

use super::SqliteStore;
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::auth_attempts;
use async_trait::async_trait;
use consulta_domain::ports::{AttemptKind, AttemptStore, AttemptWindow, StoreError};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::{SignedDuration, Timestamp};

/// Attempts older than this can no longer count towards any throttle window
/// (the widest is an hour), so recording an attempt also forgets them and
/// the table stays small.
const RETENTION: SignedDuration = SignedDuration::from_hours(24 * 7);

/// Counts one attempt, inside the caller's transaction.
pub(super) fn insert_attempt(
    conn: &mut SqliteConnection,
    kind: AttemptKind,
    account_key: Option<&str>,
    client: &str,
    at: Timestamp,
) -> Result<(), DbError> {
    diesel::insert_into(auth_attempts::table)
        .values((
            auth_attempts::kind.eq(kind.as_str()),
            auth_attempts::account_key.eq(account_key),
            auth_attempts::client.eq(client),
            auth_attempts::at.eq(to_unix(at)),
        ))
        .execute(conn)?;
    Ok(())
}

#[async_trait]
impl AttemptStore for SqliteStore {
    async fn record_attempt(
        &self,
        kind: AttemptKind,
        account_key: Option<&str>,
        client: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let account_key = account_key.map(str::to_owned);
        let client = client.to_owned();
        let forget_before = to_unix(at.saturating_sub(RETENTION).unwrap_or(at));
        self.db
            .write(move |conn| {
                insert_attempt(conn, kind, account_key.as_deref(), &client, at)?;
                diesel::delete(auth_attempts::table.filter(auth_attempts::at.lt(forget_before)))
                    .execute(conn)?;
                Ok(())
            })
            .await
    }

    async fn count_attempts(
        &self,
        kind: AttemptKind,
        account_key: Option<&str>,
        client: Option<&str>,
        since: Timestamp,
    ) -> Result<AttemptWindow, StoreError> {
        let account_key = account_key.map(str::to_owned);
        let client = client.map(str::to_owned);
        let (count, oldest) = self
            .db
            .read(move |conn| {
                let mut query = auth_attempts::table
                    .filter(auth_attempts::kind.eq(kind.as_str()))
                    .filter(auth_attempts::at.ge(to_unix(since)))
                    .into_boxed();
                if let Some(account_key) = account_key {
                    query = query.filter(auth_attempts::account_key.eq(account_key));
                }
                if let Some(client) = client {
                    query = query.filter(auth_attempts::client.eq(client));
                }
                Ok(query
                    .select((count_star(), min(auth_attempts::at)))
                    .get_result::<(i64, Option<i64>)>(conn)?)
            })
            .await?;
        Ok(AttemptWindow {
            count,
            oldest: oldest.map(from_unix).transpose()?,
        })
    }

    async fn clear_attempts(
        &self,
        kind: AttemptKind,
        account_key: &str,
        client: &str,
    ) -> Result<(), StoreError> {
        let account_key = account_key.to_owned();
        let client = client.to_owned();
        self.db
            .write(move |conn| {
                diesel::delete(
                    auth_attempts::table
                        .filter(auth_attempts::kind.eq(kind.as_str()))
                        .filter(auth_attempts::account_key.eq(&account_key))
                        .filter(auth_attempts::client.eq(&client)),
                )
                .execute(conn)?;
                Ok(())
            })
            .await
    }
}
