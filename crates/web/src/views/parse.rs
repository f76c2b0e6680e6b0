//! Ids and instants as they arrive in paths, queries and forms.

use crate::error::AppError;
use consulta_domain::model::{AppointmentId, DoctorId};
use jiff::Timestamp;

/// A positive doctor id, else `None`.
pub fn parse_doctor_id(text: &str) -> Option<DoctorId> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(DoctorId::new)
}

/// An RFC 3339 instant ("2026-12-01T09:00:00+06:00").
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    text.trim().parse::<Timestamp>().ok()
}

/// An appointment id from a path: anything else is a page that does not exist.
pub fn parse_appointment_id(text: &str) -> Result<AppointmentId, AppError> {
    text.parse::<i64>()
        .map(AppointmentId::new)
        .map_err(|_| AppError::NotFound)
}
