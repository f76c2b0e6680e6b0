//! Diesel rows of the patients table and their conversion to domain values.

use super::corrupt;
use crate::data_key::DataKey;
use crate::instant::from_unix;
use crate::schema::patients;
use crate::sealed_text::{open, PATIENT_MEDICAL_HISTORY};
use consulta_domain::model::{
    Email, MedicalHistory, Patient, PatientContact, PatientId, PatientSummary, PersonName, Phone,
    TimeZoneName,
};
use consulta_domain::ports::StoreError;
use diesel::prelude::*;

#[derive(Queryable, Selectable)]
#[diesel(table_name = patients, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct PatientRow {
    id: i64,
    name: String,
    email: String,
    phone: String,
    medical_history: String,
    record_key: String,
    timezone: Option<String>,
    created_at: i64,
}

impl PatientRow {
    /// Decrypts the medical history; a ciphertext that does not belong to
    /// this row or key is an error, never garbage.
    pub(super) fn into_patient(self, key: &DataKey) -> Result<Patient, StoreError> {
        let history = open(
            key,
            &self.record_key,
            PATIENT_MEDICAL_HISTORY,
            &self.medical_history,
        )?;
        Ok(Patient {
            id: PatientId::new(self.id),
            name: PersonName::parse(&self.name).map_err(|e| corrupt("patients.name", e))?,
            email: Email::parse(&self.email).map_err(|e| corrupt("patients.email", e))?,
            phone: Phone::parse(&self.phone).map_err(|e| corrupt("patients.phone", e))?,
            medical_history: MedicalHistory::parse(&history)
                .map_err(|e| corrupt("patients.medical_history", e))?,
            timezone: self
                .timezone
                .as_deref()
                .map(TimeZoneName::parse)
                .transpose()
                .map_err(|e| corrupt("patients.timezone", e))?,
            created_at: from_unix(self.created_at)?,
        })
    }
}

/// The patient's columns but the sealed medical history and its key.
#[derive(Queryable, Selectable)]
#[diesel(table_name = patients, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct ContactRow {
    name: String,
    email: String,
    phone: String,
    timezone: Option<String>,
}

impl ContactRow {
    pub(super) fn into_contact(self) -> Result<PatientContact, StoreError> {
        Ok(PatientContact {
            name: PersonName::parse(&self.name).map_err(|e| corrupt("patients.name", e))?,
            email: Email::parse(&self.email).map_err(|e| corrupt("patients.email", e))?,
            phone: Phone::parse(&self.phone).map_err(|e| corrupt("patients.phone", e))?,
            timezone: self
                .timezone
                .as_deref()
                .map(TimeZoneName::parse)
                .transpose()
                .map_err(|e| corrupt("patients.timezone", e))?,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = patients)]
pub(super) struct NewPatientRow<'a> {
    pub(super) name: &'a str,
    pub(super) email: &'a str,
    pub(super) email_normalized: &'a str,
    pub(super) phone: &'a str,
    pub(super) medical_history: &'a str,
    pub(super) record_key: &'a str,
    pub(super) password_hash: &'a str,
    pub(super) timezone: Option<&'a str>,
    pub(super) created_at: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = patients, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct PatientSummaryRow {
    id: i64,
    name: String,
    email: String,
    phone: String,
    created_at: i64,
}

impl PatientSummaryRow {
    pub(super) fn into_summary(self) -> Result<PatientSummary, StoreError> {
        Ok(PatientSummary {
            id: PatientId::new(self.id),
            name: self.name,
            email: self.email,
            phone: self.phone,
            created_at: from_unix(self.created_at)?,
        })
    }
}
