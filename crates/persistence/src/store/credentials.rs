//! Logins, emails and passwords of patients and staff, and admin accounts.

use super::corrupt;
use super::email_owner::email_owner;
use super::sessions::delete_sessions_of;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{patients, staff_users};
use consulta_domain::model::{
    AccountRef, DoctorId, Email, PasswordHash, PersonName, Role, StaffId, StaffMember,
};
use consulta_domain::ports::{LoginRecord, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

pub(super) fn find_login(
    conn: &mut SqliteConnection,
    email: &Email,
) -> Result<Option<LoginRecord>, DbError> {
    let Some(account) = email_owner(conn, &email.normalized())? else {
        return Ok(None);
    };
    let (hash, role, deactivated) = match account {
        AccountRef::Patient(id) => {
            let (hash, deactivated_at) = patients::table
                .find(id.get())
                .select((patients::password_hash, patients::deactivated_at))
                .first::<(String, Option<i64>)>(conn)?;
            (hash, None, deactivated_at.is_some())
        }
        AccountRef::Staff(id) => {
            let Some((hash, role)) = staff_users::table
                .find(id.get())
                .filter(staff_users::deactivated_at.is_null())
                .select((staff_users::password_hash, staff_users::role))
                .first::<(String, String)>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            (hash, Some(parse_role(&role)?), false)
        }
    };
    Ok(Some(LoginRecord {
        account,
        password_hash: PasswordHash::new(hash),
        role,
        deactivated,
    }))
}

pub(super) fn parse_role(stored: &str) -> Result<Role, StoreError> {
    Role::parse(stored).ok_or_else(|| corrupt("staff_users.role", "unknown role"))
}

pub(super) fn password_hash(
    conn: &mut SqliteConnection,
    account: AccountRef,
) -> Result<PasswordHash, DbError> {
    let hash = match account {
        AccountRef::Patient(id) => patients::table
            .find(id.get())
            .select(patients::password_hash)
            .first::<String>(conn)
            .optional()?,
        AccountRef::Staff(id) => staff_users::table
            .find(id.get())
            .select(staff_users::password_hash)
            .first::<String>(conn)
            .optional()?,
    };
    Ok(PasswordHash::new(hash.ok_or(StoreError::NotFound)?))
}

pub(super) fn find_staff_member(
    conn: &mut SqliteConnection,
    id: StaffId,
) -> Result<Option<StaffMember>, DbError> {
    let row: Option<(String, String, String, bool, Option<i64>)> = staff_users::table
        .find(id.get())
        .filter(staff_users::deactivated_at.is_null())
        .select((
            staff_users::name,
            staff_users::email,
            staff_users::role,
            staff_users::must_change_password,
            staff_users::doctor_id,
        ))
        .first(conn)
        .optional()?;
    let Some((name, email, role, must_change_password, doctor)) = row else {
        return Ok(None);
    };
    Ok(Some(StaffMember {
        id,
        name: PersonName::parse(&name).map_err(|e| corrupt("staff_users.name", e))?,
        email: Email::parse(&email).map_err(|e| corrupt("staff_users.email", e))?,
        role: parse_role(&role)?,
        must_change_password,
        doctor: doctor.map(DoctorId::new),
    }))
}

pub(super) fn require_password_change(
    conn: &mut SqliteConnection,
    id: StaffId,
) -> Result<(), DbError> {
    let changed = diesel::update(staff_users::table.find(id.get()))
        .set(staff_users::must_change_password.eq(true))
        .execute(conn)?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(super) fn change_email(
    conn: &mut SqliteConnection,
    account: AccountRef,
    email: &Email,
) -> Result<(), DbError> {
    let normalized = email.normalized();
    if email_owner(conn, &normalized)?.is_some_and(|owner| owner != account) {
        return Err(StoreError::EmailTaken.into());
    }
    let changed = match account {
        // A new address is unverified until its owner confirms it.
        AccountRef::Patient(id) => diesel::update(patients::table.find(id.get()))
            .set((
                patients::email.eq(email.as_str()),
                patients::email_normalized.eq(&normalized),
                patients::email_verified_at.eq(None::<i64>),
            ))
            .execute(conn)?,
        AccountRef::Staff(id) => diesel::update(staff_users::table.find(id.get()))
            .set((
                staff_users::email.eq(email.as_str()),
                staff_users::email_normalized.eq(&normalized),
            ))
            .execute(conn)?,
    };
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(super) fn change_password(
    conn: &mut SqliteConnection,
    account: AccountRef,
    hash: &PasswordHash,
) -> Result<(), DbError> {
    let changed = match account {
        AccountRef::Patient(id) => diesel::update(patients::table.find(id.get()))
            .set(patients::password_hash.eq(hash.as_str()))
            .execute(conn)?,
        // A password of one's own: no longer one to change first.
        AccountRef::Staff(id) => diesel::update(staff_users::table.find(id.get()))
            .set((
                staff_users::password_hash.eq(hash.as_str()),
                staff_users::must_change_password.eq(false),
            ))
            .execute(conn)?,
    };
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    delete_sessions_of(conn, account)
}

pub(super) fn upsert_admin(
    conn: &mut SqliteConnection,
    email: &Email,
    name: &PersonName,
    hash: &PasswordHash,
    at: Timestamp,
) -> Result<(StaffId, bool), DbError> {
    let normalized = email.normalized();
    match email_owner(conn, &normalized)? {
        None => {
            let id = diesel::insert_into(staff_users::table)
                .values((
                    staff_users::name.eq(name.as_str()),
                    staff_users::email.eq(email.as_str()),
                    staff_users::email_normalized.eq(&normalized),
                    staff_users::password_hash.eq(hash.as_str()),
                    staff_users::role.eq(Role::Admin.as_str()),
                    staff_users::created_at.eq(to_unix(at)),
                ))
                .returning(staff_users::id)
                .get_result::<i64>(conn)?;
            Ok((StaffId::new(id), true))
        }
        Some(AccountRef::Staff(id)) => {
            let role: String = staff_users::table
                .find(id.get())
                .select(staff_users::role)
                .first(conn)?;
            if parse_role(&role)? != Role::Admin {
                return Err(StoreError::EmailTaken.into());
            }
            change_password(conn, AccountRef::Staff(id), hash)?;
            Ok((id, false))
        }
        Some(AccountRef::Patient(_)) => Err(StoreError::EmailTaken.into()),
    }
}
