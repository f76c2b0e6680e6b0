//! Writing and reading patients' records, medical history sealed with the data key.

use super::audit::insert_entry;
use super::corrupt;
use super::email_owner::email_owner;
use super::patient_rows::{ContactRow, NewPatientRow, PatientRow};
use crate::data_key::DataKey;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::patients;
use crate::sealed_text::{new_record_key, seal, PATIENT_MEDICAL_HISTORY};
use consulta_domain::model::{
    AccountRef, DoctorId, NewPatient, PasswordHash, Patient, PatientContact, PatientId,
    PatientProfile, StaffId, TimeZoneName,
};
use consulta_domain::ports::{AuditEntry, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::Timestamp;

pub(super) fn insert_patient(
    conn: &mut SqliteConnection,
    key: &DataKey,
    patient: &NewPatient,
    hash: &PasswordHash,
    at: Timestamp,
) -> Result<PatientId, DbError> {
    let normalized = patient.email.normalized();
    // Checked first for a clear answer; the unique index and the
    // account_emails triggers still refuse a duplicate that slips past.
    if email_owner(conn, &normalized)?.is_some() {
        return Err(StoreError::EmailTaken.into());
    }
    let record_key = new_record_key();
    let history = seal(
        key,
        &record_key,
        PATIENT_MEDICAL_HISTORY,
        patient.medical_history.as_str(),
    )?;
    let id = diesel::insert_into(patients::table)
        .values(NewPatientRow {
            name: patient.name.as_str(),
            email: patient.email.as_str(),
            email_normalized: &normalized,
            phone: patient.phone.as_str(),
            medical_history: &history,
            record_key: &record_key,
            password_hash: hash.as_str(),
            timezone: patient.timezone.as_ref().map(|z| z.as_str()),
            created_at: to_unix(at),
        })
        .returning(patients::id)
        .get_result::<i64>(conn)?;
    Ok(PatientId::new(id))
}

fn patient_row(conn: &mut SqliteConnection, id: PatientId) -> Result<Option<PatientRow>, DbError> {
    Ok(patients::table
        .find(id.get())
        .select(PatientRow::as_select())
        .first(conn)
        .optional()?)
}

pub(super) fn find_patient(
    conn: &mut SqliteConnection,
    key: &DataKey,
    id: PatientId,
) -> Result<Option<Patient>, DbError> {
    Ok(patient_row(conn, id)?
        .map(|row| row.into_patient(key))
        .transpose()?)
}

/// Every column but the sealed medical history and its key.
pub(super) fn find_contact(
    conn: &mut SqliteConnection,
    id: PatientId,
) -> Result<Option<PatientContact>, DbError> {
    let row = patients::table
        .find(id.get())
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(ContactRow::into_contact).transpose()?)
}

/// Sets the zone of a patient who has none; one already set stays.
pub(super) fn set_time_zone_if_unset(
    conn: &mut SqliteConnection,
    id: PatientId,
    zone: &TimeZoneName,
) -> Result<(), DbError> {
    diesel::update(
        patients::table
            .find(id.get())
            .filter(patients::timezone.is_null()),
    )
    .set(patients::timezone.eq(zone.as_str()))
    .execute(conn)?;
    Ok(())
}

/// Only the timezone column: no medical history is read, let alone decrypted.
pub(super) fn time_zone(
    conn: &mut SqliteConnection,
    id: PatientId,
) -> Result<Option<TimeZoneName>, DbError> {
    let stored: Option<String> = patients::table
        .find(id.get())
        .select(patients::timezone)
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    Ok(stored
        .as_deref()
        .map(TimeZoneName::parse)
        .transpose()
        .map_err(|e| corrupt("patients.timezone", e))?)
}

pub(super) fn update_profile(
    conn: &mut SqliteConnection,
    key: &DataKey,
    id: PatientId,
    profile: &PatientProfile,
) -> Result<(), DbError> {
    let record_key: String = patients::table
        .find(id.get())
        .select(patients::record_key)
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let history = seal(
        key,
        &record_key,
        PATIENT_MEDICAL_HISTORY,
        profile.medical_history.as_str(),
    )?;
    diesel::update(patients::table.find(id.get()))
        .set((
            patients::name.eq(profile.name.as_str()),
            patients::phone.eq(profile.phone.as_str()),
            patients::medical_history.eq(&history),
            patients::timezone.eq(profile.timezone.as_ref().map(|tz| tz.as_str())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Reads the record and writes the audit entry in one transaction, so that no
/// staff view of medical data goes unrecorded.
pub(super) fn view_as_staff(
    conn: &mut SqliteConnection,
    key: &DataKey,
    id: PatientId,
    viewer: StaffId,
    at: Timestamp,
) -> Result<Option<Patient>, DbError> {
    let Some(row) = patient_row(conn, id)? else {
        return Ok(None);
    };
    insert_entry(
        conn,
        &AuditEntry {
            at,
            actor: Some(AccountRef::Staff(viewer)),
            action: "patient.viewed".into(),
            subject: Some(format!("patient:{id}")),
            client: None,
        },
    )?;
    Ok(Some(row.into_patient(key)?))
}

/// A patient's full record for a doctor who has (or had) an appointment with
/// them; the view is audited in the same transaction. Anyone else: `None`.
pub(super) fn view_for_doctor(
    conn: &mut SqliteConnection,
    key: &DataKey,
    id: PatientId,
    doctor: DoctorId,
    viewer: StaffId,
    at: Timestamp,
) -> Result<Option<Patient>, DbError> {
    use crate::schema::appointments;
    let theirs: i64 = appointments::table
        .filter(appointments::patient_id.eq(id.get()))
        .filter(appointments::doctor_id.eq(doctor.get()))
        .count()
        .get_result(conn)?;
    if theirs == 0 {
        return Ok(None);
    }
    let Some(row) = patient_row(conn, id)? else {
        return Ok(None);
    };
    insert_entry(
        conn,
        &AuditEntry {
            at,
            actor: Some(AccountRef::Staff(viewer)),
            action: "patient.viewed_by_doctor".into(),
            subject: Some(format!("patient:{id}")),
            client: None,
        },
    )?;
    Ok(Some(row.into_patient(key)?))
}
