//! A patient's record.

use super::{Email, MedicalHistory, PatientId, PersonName, Phone, TimeZoneName};
use jiff::Timestamp;

/// What registration provides.
#[derive(Debug, Clone)]
pub struct NewPatient {
    pub name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub medical_history: MedicalHistory,
    /// The zone the registration form sent (the browser's, or the person's choice).
    pub timezone: Option<TimeZoneName>,
}

/// What a patient may change on their profile page.
#[derive(Debug, Clone)]
pub struct PatientProfile {
    pub name: PersonName,
    pub phone: Phone,
    pub medical_history: MedicalHistory,
    pub timezone: Option<TimeZoneName>,
}

#[derive(Debug, Clone)]
pub struct Patient {
    pub id: PatientId,
    pub name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub medical_history: MedicalHistory,
    pub timezone: Option<TimeZoneName>,
    pub created_at: Timestamp,
}

/// A patient's record without the medical history, for pages that only greet
/// the patient and show their details and times.
#[derive(Debug, Clone)]
pub struct PatientContact {
    pub name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub timezone: Option<TimeZoneName>,
}

/// One row of the staff's patient list: no medical data.
#[derive(Debug, Clone)]
pub struct PatientSummary {
    pub id: PatientId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub created_at: Timestamp,
}
