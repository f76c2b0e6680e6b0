//! `PatientAdminStore` on SQLite: an admin's edits of a patient's account,
//! each one write transaction with its audit row.

use super::audit::insert_entry;
use super::email_owner::email_owner;
use super::patient_rows::ContactRow;
use super::sessions::delete_sessions_of;
use super::SqliteStore;
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::patients;
use async_trait::async_trait;
use consulta_domain::model::{AccountRef, PatientId, StaffId};
use consulta_domain::ports::{
    AuditEntry, ContactEdit, PatientAccount, PatientAdminStore, StoreError,
};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

fn audited(
    conn: &mut SqliteConnection,
    id: PatientId,
    by: StaffId,
    action: &str,
    at: Timestamp,
) -> Result<(), DbError> {
    insert_entry(
        conn,
        &AuditEntry {
            at,
            actor: Some(AccountRef::Staff(by)),
            action: action.into(),
            subject: Some(AccountRef::Patient(id).to_string()),
            client: None,
        },
    )
}

fn edit_contact(
    conn: &mut SqliteConnection,
    id: PatientId,
    edit: &ContactEdit,
    by: StaffId,
    at: Timestamp,
) -> Result<(), DbError> {
    let current: Option<String> = patients::table
        .find(id.get())
        .select(patients::email_normalized)
        .first(conn)
        .optional()?;
    let current = current.ok_or(StoreError::NotFound)?;
    let normalized = edit.email.normalized();
    // Checked first for a clear answer; the unique index and the
    // account_emails triggers still refuse a duplicate that slips past.
    if email_owner(conn, &normalized)?.is_some_and(|owner| owner != AccountRef::Patient(id)) {
        return Err(StoreError::EmailTaken.into());
    }
    diesel::update(patients::table.find(id.get()))
        .set((
            patients::name.eq(edit.name.as_str()),
            patients::email.eq(edit.email.as_str()),
            patients::email_normalized.eq(&normalized),
            patients::phone.eq(edit.phone.as_str()),
            patients::timezone.eq(edit.timezone.as_ref().map(|z| z.as_str())),
        ))
        .execute(conn)?;
    if normalized != current {
        // A new address is unverified until its owner confirms it.
        diesel::update(patients::table.find(id.get()))
            .set(patients::email_verified_at.eq(None::<i64>))
            .execute(conn)?;
    }
    audited(conn, id, by, "patient.edited", at)
}

fn set_active(
    conn: &mut SqliteConnection,
    id: PatientId,
    active: bool,
    by: StaffId,
    at: Timestamp,
) -> Result<bool, DbError> {
    let deactivated_at: Option<Option<i64>> = patients::table
        .find(id.get())
        .select(patients::deactivated_at)
        .first(conn)
        .optional()?;
    let deactivated_at = deactivated_at.ok_or(StoreError::NotFound)?;
    if deactivated_at.is_none() == active {
        return Ok(false);
    }
    diesel::update(patients::table.find(id.get()))
        .set(patients::deactivated_at.eq((!active).then(|| to_unix(at))))
        .execute(conn)?;
    if !active {
        delete_sessions_of(conn, AccountRef::Patient(id))?;
    }
    let action = if active {
        "patient.reactivated"
    } else {
        "patient.deactivated"
    };
    audited(conn, id, by, action, at)?;
    Ok(true)
}

#[async_trait]
impl PatientAdminStore for SqliteStore {
    async fn patient_account(&self, id: PatientId) -> Result<Option<PatientAccount>, StoreError> {
        let row = self
            .db
            .read(move |conn| {
                Ok(patients::table
                    .find(id.get())
                    .select((
                        ContactRow::as_select(),
                        patients::created_at,
                        patients::deactivated_at,
                    ))
                    .first::<(ContactRow, i64, Option<i64>)>(conn)
                    .optional()?)
            })
            .await?;
        row.map(|(contact, created_at, deactivated_at)| {
            Ok(PatientAccount {
                id,
                contact: contact.into_contact()?,
                created_at: from_unix(created_at)?,
                deactivated_at: deactivated_at.map(from_unix).transpose()?,
            })
        })
        .transpose()
    }

    async fn edit_patient_contact(
        &self,
        id: PatientId,
        edit: ContactEdit,
        by: StaffId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.db
            .write(move |conn| edit_contact(conn, id, &edit, by, at))
            .await
    }

    async fn set_patient_active(
        &self,
        id: PatientId,
        active: bool,
        by: StaffId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        self.db
            .write(move |conn| set_active(conn, id, active, by, at))
            .await
    }
}
