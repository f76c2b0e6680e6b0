//! An IANA time zone name known to the bundled time-zone database.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeZoneNameError {
    #[error("Choose a time zone such as Asia/Dhaka or America/New_York.")]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(input: &str) -> Result<Self, TimeZoneNameError> {
        let name = input.trim();
        if name.is_empty() || name.len() > 64 {
            return Err(TimeZoneNameError::Unknown);
        }
        jiff::tz::TimeZone::get(name).map_err(|_| TimeZoneNameError::Unknown)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        // Validated at construction; UTC is a safe fallback that cannot occur.
        jiff::tz::TimeZone::get(&self.0).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zones_parse_and_unknown_ones_do_not() {
        assert!(TimeZoneName::parse("Asia/Dhaka").is_ok());
        assert!(TimeZoneName::parse("America/New_York").is_ok());
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
        assert!(TimeZoneName::parse("").is_err());
    }
}
