//! The visitor's own time zone, shown beside the doctor's when it differs.

use crate::security::Visitor;
use crate::state::AppState;
use consulta_domain::model::AccountRef;
use jiff::tz::TimeZone;

/// The logged-in patient's own zone, if they set one.
pub async fn patient_zone(state: &AppState, visitor: &Visitor) -> Option<TimeZone> {
    let Some(AccountRef::Patient(id)) = visitor.session.as_ref().map(|s| s.account) else {
        return None;
    };
    let patient = state.accounts.own_record(id).await.ok()?;
    patient.timezone.map(|z| z.time_zone())
}
