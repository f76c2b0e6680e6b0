//! The visitor's own time zone, shown beside the doctor's when it differs.

use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use consulta_domain::model::AccountRef;
use jiff::tz::TimeZone;

/// The logged-in patient's own zone, if they set one (one column read, no record).
pub async fn patient_zone(
    state: &AppState,
    visitor: &Visitor,
) -> Result<Option<TimeZone>, AppError> {
    let Some(AccountRef::Patient(id)) = visitor.session.as_ref().map(|s| s.account) else {
        return Ok(None);
    };
    let zone = state.accounts.time_zone_of(id).await?;
    Ok(zone.map(|z| z.time_zone()))
}
