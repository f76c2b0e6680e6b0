//! Which account a normalised email belongs to, across patients and staff.

use crate::db::DbError;
use crate::schema::account_emails;
use consulta_domain::model::AccountRef;
use consulta_domain::ports::StoreError;
use diesel::prelude::*;
use diesel::SqliteConnection;

pub(super) fn email_owner(
    conn: &mut SqliteConnection,
    normalized: &str,
) -> Result<Option<AccountRef>, DbError> {
    let owner: Option<(String, i64)> = account_emails::table
        .find(normalized)
        .select((account_emails::account_kind, account_emails::account_id))
        .first(conn)
        .optional()?;
    owner
        .map(|(kind, id)| {
            AccountRef::from_parts(&kind, id).ok_or_else(|| {
                DbError::Store(StoreError::Unexpected(format!(
                    "account_emails names an unknown account kind {kind:?}"
                )))
            })
        })
        .transpose()
}
