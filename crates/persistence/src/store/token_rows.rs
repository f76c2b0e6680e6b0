//! The account_tokens table inside a transaction: inserting a token for an
//! account's current address, reading one, and spending a live one.

use super::corrupt;
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::{account_tokens, patients, staff_users};
use consulta_domain::model::{
    AccountRef, AccountToken, AccountTokenId, NewAccountToken, TokenPurpose,
};
use consulta_domain::ports::StoreError;
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

#[derive(Queryable, Selectable)]
#[diesel(table_name = account_tokens, check_for_backend(diesel::sqlite::Sqlite))]
struct TokenRow {
    id: i64,
    purpose: String,
    account_kind: String,
    account_id: i64,
    email_normalized: String,
    expires_at: i64,
    used_at: Option<i64>,
}

/// The account's normalised email as it is now; `None` when it does not exist.
fn current_email(
    conn: &mut SqliteConnection,
    account: AccountRef,
) -> Result<Option<String>, DbError> {
    Ok(match account {
        AccountRef::Patient(id) => patients::table
            .find(id.get())
            .select(patients::email_normalized)
            .first(conn)
            .optional()?,
        AccountRef::Staff(id) => staff_users::table
            .find(id.get())
            .select(staff_users::email_normalized)
            .first(conn)
            .optional()?,
    })
}

/// Stores `token` for `account`, bound to the address the account has now.
/// Errors: `NotFound` when the account does not exist.
pub(super) fn insert_token(
    conn: &mut SqliteConnection,
    account: AccountRef,
    token: &NewAccountToken,
    at: Timestamp,
) -> Result<(), DbError> {
    let email = current_email(conn, account)?.ok_or(StoreError::NotFound)?;
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::id.eq(token.id.get()),
            account_tokens::purpose.eq(token.purpose.as_str()),
            account_tokens::account_kind.eq(account.kind()),
            account_tokens::account_id.eq(account.raw_id()),
            account_tokens::email_normalized.eq(&email),
            account_tokens::token_hash.eq(&token.token_hash),
            account_tokens::expires_at.eq(to_unix(token.expires_at)),
            account_tokens::created_at.eq(to_unix(at)),
        ))
        .execute(conn)?;
    Ok(())
}

fn into_token(conn: &mut SqliteConnection, row: TokenRow) -> Result<AccountToken, DbError> {
    let purpose = TokenPurpose::parse(&row.purpose)
        .ok_or_else(|| corrupt("account_tokens.purpose", "unknown purpose"))?;
    let account = AccountRef::from_parts(&row.account_kind, row.account_id)
        .ok_or_else(|| corrupt("account_tokens.account_kind", "unknown kind"))?;
    let still_addressed =
        current_email(conn, account)?.is_some_and(|email| email == row.email_normalized);
    Ok(AccountToken {
        id: AccountTokenId::new(row.id),
        purpose,
        account,
        expires_at: from_unix(row.expires_at)?,
        used_at: row.used_at.map(from_unix).transpose()?,
        still_addressed,
    })
}

pub(super) fn token_by_id(
    conn: &mut SqliteConnection,
    id: AccountTokenId,
) -> Result<Option<AccountToken>, DbError> {
    let row = account_tokens::table
        .find(id.get())
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| into_token(conn, row)).transpose()
}

pub(super) fn token_by_hash(
    conn: &mut SqliteConnection,
    token_hash: &str,
) -> Result<Option<AccountToken>, DbError> {
    let row = account_tokens::table
        .filter(account_tokens::token_hash.eq(token_hash))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| into_token(conn, row)).transpose()
}

/// Spends the live token of `purpose` with this hash and returns its account.
/// Errors: `NotFound` when there is none (unknown, used, expired, readdressed).
pub(super) fn spend_live(
    conn: &mut SqliteConnection,
    token_hash: &str,
    purpose: TokenPurpose,
    now: Timestamp,
) -> Result<AccountRef, DbError> {
    let token = token_by_hash(conn, token_hash)?.ok_or(StoreError::NotFound)?;
    if token.usable_for(purpose, now).is_err() {
        return Err(StoreError::NotFound.into());
    }
    spend_all(conn, token.account, purpose, now)?;
    Ok(token.account)
}

/// Marks every unused token of `purpose` of the account used: once the
/// password is set or the address confirmed, older links are worth nothing.
pub(super) fn spend_all(
    conn: &mut SqliteConnection,
    account: AccountRef,
    purpose: TokenPurpose,
    now: Timestamp,
) -> Result<(), DbError> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::account_kind.eq(account.kind()))
            .filter(account_tokens::account_id.eq(account.raw_id()))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(to_unix(now)))
    .execute(conn)?;
    Ok(())
}
