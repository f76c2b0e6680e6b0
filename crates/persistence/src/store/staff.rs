//! `StaffStore` on SQLite: staff accounts as admins manage them (each change
//! and its audit entry one write transaction), and a doctor's view of their
//! own patients.

use super::audit::insert_entry;
use super::credentials::parse_role;
use super::email_owner::email_owner;
use super::sessions::delete_sessions_of;
use super::{corrupt, patients, SqliteStore};
use crate::db::DbError;
use crate::instant::{from_unix, to_unix};
use crate::schema::{doctors, staff_users};
use async_trait::async_trait;
use consulta_domain::model::{AccountRef, DoctorId, PasswordHash, Patient, PatientId, StaffId};
use consulta_domain::ports::{
    AuditEntry, NewStaff, StaffListing, StaffPage, StaffStore, StaffWriteError, StoreError,
};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

type ListingRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    bool,
    Option<i64>,
);

fn listing(row: ListingRow) -> Result<StaffListing, DbError> {
    let (id, name, email, role, doctor, doctor_name, must_change_password, deactivated_at) = row;
    Ok(StaffListing {
        id: StaffId::new(id),
        name,
        email,
        role: parse_role(&role)?,
        doctor: doctor.map(DoctorId::new),
        doctor_name,
        must_change_password,
        deactivated_at: deactivated_at
            .map(|at| from_unix(at).map_err(|e| corrupt("staff_users.deactivated_at", e)))
            .transpose()?,
    })
}

macro_rules! listing_columns {
    () => {
        (
            staff_users::id,
            staff_users::name,
            staff_users::email,
            staff_users::role,
            staff_users::doctor_id,
            doctors::name.nullable(),
            staff_users::must_change_password,
            staff_users::deactivated_at,
        )
    };
}

fn list(conn: &mut SqliteConnection, limit: i64, offset: i64) -> Result<StaffPage, DbError> {
    let total: i64 = staff_users::table.count().get_result(conn)?;
    let rows: Vec<ListingRow> = staff_users::table
        .left_join(doctors::table)
        .select(listing_columns!())
        .order((staff_users::name.asc(), staff_users::id.asc()))
        .limit(limit.clamp(1, 200))
        .offset(offset.max(0))
        .load(conn)?;
    Ok(StaffPage {
        rows: rows.into_iter().map(listing).collect::<Result<_, _>>()?,
        total,
    })
}

fn one(conn: &mut SqliteConnection, id: StaffId) -> Result<Option<StaffListing>, DbError> {
    let row: Option<ListingRow> = staff_users::table
        .left_join(doctors::table)
        .filter(staff_users::id.eq(id.get()))
        .select(listing_columns!())
        .first(conn)
        .optional()?;
    row.map(listing).transpose()
}

fn insert(
    conn: &mut SqliteConnection,
    staff: &NewStaff,
    audit: &AuditEntry,
) -> Result<Result<StaffId, StaffWriteError>, DbError> {
    let normalized = staff.email.normalized();
    if email_owner(conn, &normalized)?.is_some() {
        return Ok(Err(StaffWriteError::EmailTaken));
    }
    if let Some(doctor) = staff.doctor {
        let exists: i64 = doctors::table
            .filter(doctors::id.eq(doctor.get()))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Ok(Err(StaffWriteError::UnknownDoctor));
        }
        let linked: i64 = staff_users::table
            .filter(staff_users::doctor_id.eq(doctor.get()))
            .count()
            .get_result(conn)?;
        if linked > 0 {
            return Ok(Err(StaffWriteError::DoctorTaken));
        }
    }
    let id = diesel::insert_into(staff_users::table)
        .values((
            staff_users::name.eq(staff.name.as_str()),
            staff_users::email.eq(staff.email.as_str()),
            staff_users::email_normalized.eq(&normalized),
            staff_users::password_hash.eq(staff.password_hash.as_str()),
            staff_users::role.eq(staff.role.as_str()),
            staff_users::doctor_id.eq(staff.doctor.map(|d| d.get())),
            staff_users::created_at.eq(to_unix(staff.at)),
            staff_users::must_change_password.eq(staff.must_change_password),
        ))
        .returning(staff_users::id)
        .get_result::<i64>(conn)?;
    let id = StaffId::new(id);
    insert_entry(
        conn,
        &AuditEntry {
            subject: Some(format!("staff:{id}")),
            ..audit.clone()
        },
    )?;
    Ok(Ok(id))
}

fn exists(conn: &mut SqliteConnection, id: StaffId) -> Result<bool, DbError> {
    let n: i64 = staff_users::table
        .filter(staff_users::id.eq(id.get()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn one_time_password(
    conn: &mut SqliteConnection,
    id: StaffId,
    hash: &PasswordHash,
    audit: &AuditEntry,
) -> Result<bool, DbError> {
    let changed = diesel::update(staff_users::table.find(id.get()))
        .set((
            staff_users::password_hash.eq(hash.as_str()),
            staff_users::must_change_password.eq(true),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    delete_sessions_of(conn, AccountRef::Staff(id))?;
    insert_entry(conn, audit)?;
    Ok(true)
}

fn deactivate(
    conn: &mut SqliteConnection,
    id: StaffId,
    at: Timestamp,
    audit: &AuditEntry,
) -> Result<bool, DbError> {
    if !exists(conn, id)? {
        return Ok(false);
    }
    diesel::update(
        staff_users::table
            .find(id.get())
            .filter(staff_users::deactivated_at.is_null()),
    )
    .set(staff_users::deactivated_at.eq(Some(to_unix(at))))
    .execute(conn)?;
    delete_sessions_of(conn, AccountRef::Staff(id))?;
    insert_entry(conn, audit)?;
    Ok(true)
}

fn reactivate(
    conn: &mut SqliteConnection,
    id: StaffId,
    audit: &AuditEntry,
) -> Result<bool, DbError> {
    let changed = diesel::update(staff_users::table.find(id.get()))
        .set(staff_users::deactivated_at.eq(None::<i64>))
        .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    insert_entry(conn, audit)?;
    Ok(true)
}

fn found(exists: bool) -> Result<(), StaffWriteError> {
    if exists {
        Ok(())
    } else {
        Err(StaffWriteError::NotFound)
    }
}

#[async_trait]
impl StaffStore for SqliteStore {
    async fn list_staff(&self, limit: i64, offset: i64) -> Result<StaffPage, StoreError> {
        self.db.read(move |conn| list(conn, limit, offset)).await
    }

    async fn staff_listing(&self, id: StaffId) -> Result<Option<StaffListing>, StoreError> {
        self.db.read(move |conn| one(conn, id)).await
    }

    async fn create_staff(
        &self,
        staff: NewStaff,
        audit: AuditEntry,
    ) -> Result<StaffId, StaffWriteError> {
        self.db
            .write(move |conn| insert(conn, &staff, &audit))
            .await?
    }

    async fn set_one_time_password(
        &self,
        id: StaffId,
        hash: PasswordHash,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError> {
        found(
            self.db
                .write(move |conn| one_time_password(conn, id, &hash, &audit))
                .await?,
        )
    }

    async fn deactivate_staff(
        &self,
        id: StaffId,
        at: Timestamp,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError> {
        found(
            self.db
                .write(move |conn| deactivate(conn, id, at, &audit))
                .await?,
        )
    }

    async fn reactivate_staff(
        &self,
        id: StaffId,
        audit: AuditEntry,
    ) -> Result<(), StaffWriteError> {
        found(
            self.db
                .write(move |conn| reactivate(conn, id, &audit))
                .await?,
        )
    }

    async fn view_patient_for_doctor(
        &self,
        patient: PatientId,
        doctor: DoctorId,
        viewer: StaffId,
        at: Timestamp,
    ) -> Result<Option<Patient>, StoreError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| patients::view_for_doctor(conn, &key, patient, doctor, viewer, at))
            .await
    }
}
