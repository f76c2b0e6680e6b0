//! A doctor's date overrides on SQLite: one row per date, its hours in rows of
//! their own (none: closed that date), and the doctor's linked mail address.

use super::corrupt;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{doctor_date_overrides, doctor_override_hours, staff_users};
use consulta_domain::model::{DateOverrideEntry, DoctorId, Email};
use consulta_domain::ports::StoreError;
use consulta_domain::schedule::{DateOverride, WorkingInterval};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::civil::Date;
use jiff::Timestamp;

#[derive(Queryable, Selectable)]
#[diesel(table_name = doctor_date_overrides, check_for_backend(diesel::sqlite::Sqlite))]
struct OverrideRow {
    id: i64,
    local_date: String,
    reason: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = doctor_override_hours, check_for_backend(diesel::sqlite::Sqlite))]
struct OverrideHoursRow {
    override_id: i64,
    start_minute: i32,
    end_minute: i32,
}

fn minute(column: &str, value: i32) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|e| corrupt(column, e))
}

/// The doctor's overrides on `from_date` and after, by date.
pub(super) fn load(
    conn: &mut SqliteConnection,
    id: DoctorId,
    from_date: Date,
) -> Result<Vec<DateOverrideEntry>, DbError> {
    let rows: Vec<OverrideRow> = doctor_date_overrides::table
        .filter(doctor_date_overrides::doctor_id.eq(id.get()))
        .filter(doctor_date_overrides::local_date.ge(from_date.to_string()))
        .order(doctor_date_overrides::local_date)
        .select(OverrideRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let hours: Vec<OverrideHoursRow> = doctor_override_hours::table
        .filter(doctor_override_hours::override_id.eq_any(&ids))
        .order((
            doctor_override_hours::override_id,
            doctor_override_hours::start_minute,
        ))
        .select(OverrideHoursRow::as_select())
        .load(conn)?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let date: Date = row
            .local_date
            .parse()
            .map_err(|e| corrupt("doctor_date_overrides.local_date", e))?;
        let intervals = hours
            .iter()
            .filter(|h| h.override_id == row.id)
            .map(|h| {
                WorkingInterval::new(
                    minute("doctor_override_hours.start_minute", h.start_minute)?,
                    minute("doctor_override_hours.end_minute", h.end_minute)?,
                )
                .map_err(|e| corrupt("doctor_override_hours", e))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let day =
            DateOverride::new(date, intervals).map_err(|e| corrupt("doctor_override_hours", e))?;
        entries.push(DateOverrideEntry {
            id: row.id,
            day,
            reason: row.reason,
        });
    }
    Ok(entries)
}

/// Inserts the override and its hours; the unique index refuses a second one per date.
pub(super) fn insert(
    conn: &mut SqliteConnection,
    id: DoctorId,
    day: &DateOverride,
    reason: &str,
    at: Timestamp,
) -> Result<i64, DbError> {
    let entry = diesel::insert_into(doctor_date_overrides::table)
        .values((
            doctor_date_overrides::doctor_id.eq(id.get()),
            doctor_date_overrides::local_date.eq(day.date().to_string()),
            doctor_date_overrides::reason.eq(reason),
            doctor_date_overrides::created_at.eq(to_unix(at)),
        ))
        .returning(doctor_date_overrides::id)
        .get_result::<i64>(conn)?;
    let values: Vec<_> = day
        .hours()
        .iter()
        .map(|interval| {
            (
                doctor_override_hours::override_id.eq(entry),
                doctor_override_hours::start_minute
                    .eq(i32::try_from(interval.start_minute()).unwrap_or(i32::MAX)),
                doctor_override_hours::end_minute
                    .eq(i32::try_from(interval.end_minute()).unwrap_or(i32::MAX)),
            )
        })
        .collect();
    diesel::insert_into(doctor_override_hours::table)
        .values(&values)
        .execute(conn)?;
    Ok(entry)
}

pub(super) fn delete(conn: &mut SqliteConnection, id: DoctorId, entry: i64) -> Result<(), DbError> {
    let removed = diesel::delete(
        doctor_date_overrides::table
            .filter(doctor_date_overrides::id.eq(entry))
            .filter(doctor_date_overrides::doctor_id.eq(id.get())),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

/// The email of the (first) staff account linked to the doctor.
pub(super) fn linked_email(
    conn: &mut SqliteConnection,
    id: DoctorId,
) -> Result<Option<Email>, DbError> {
    let email: Option<String> = staff_users::table
        .filter(staff_users::doctor_id.eq(id.get()))
        .order(staff_users::id)
        .select(staff_users::email)
        .first(conn)
        .optional()?;
    Ok(email
        .map(|e| Email::parse(&e).map_err(|err| corrupt("staff_users.email", err)))
        .transpose()?)
}
