//! The visitor's own time zone, shown beside the doctor's when it differs: the
//! patient's profile, else the zone their browser reported, else the clinic's.

use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use consulta_domain::model::AccountRef;
use jiff::tz::TimeZone;
use minijinja::{context, Value};

/// Where the visitor's zone came from, so a page can say which one it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    Profile,
    Browser,
    Clinic,
}

/// The zone a visitor's times are shown in, and why.
#[derive(Debug, Clone)]
pub struct VisitorZone {
    pub zone: TimeZone,
    pub source: ZoneSource,
}

impl VisitorZone {
    /// For templates: the IANA name, the place, where it came from.
    pub fn value(&self) -> Value {
        context! {
            name => self.zone.iana_name().unwrap_or("UTC"),
            place => consulta_domain::schedule::place_name(&self.zone),
            source => match self.source {
                ZoneSource::Profile => "profile",
                ZoneSource::Browser => "browser",
                ZoneSource::Clinic => "clinic",
            },
        }
    }
}

/// The visitor's zone: a logged-in patient's own (one column read, no record),
/// else the browser's, else the clinic's.
pub async fn visitor_zone(state: &AppState, visitor: &Visitor) -> Result<VisitorZone, AppError> {
    if let Some(AccountRef::Patient(id)) = visitor.session.as_ref().map(|s| s.account) {
        if let Some(zone) = state.accounts.time_zone_of(id).await? {
            return Ok(VisitorZone {
                zone: zone.time_zone(),
                source: ZoneSource::Profile,
            });
        }
    }
    if let Some(zone) = &visitor.browser_zone {
        return Ok(VisitorZone {
            zone: zone.time_zone(),
            source: ZoneSource::Browser,
        });
    }
    // Checked at start-up; UTC only if that check were ever skipped.
    let zone = TimeZone::get(&state.settings.clinic.timezone).unwrap_or(TimeZone::UTC);
    Ok(VisitorZone {
        zone,
        source: ZoneSource::Clinic,
    })
}

/// The visitor's own zone to show beside the doctor's, labelled "your time":
/// the profile's or the browser's, never the clinic's stand-in (only the slot
/// picker shows that one, saying so).
pub async fn patient_zone(
    state: &AppState,
    visitor: &Visitor,
) -> Result<Option<TimeZone>, AppError> {
    let found = visitor_zone(state, visitor).await?;
    Ok((found.source != ZoneSource::Clinic).then_some(found.zone))
}
