//! The one conversion between instants and the INTEGER Unix seconds (UTC) stored in every table.

use consulta_domain::ports::StoreError;
use jiff::Timestamp;

/// Whole seconds since the Unix epoch, UTC. Sub-second precision is dropped
/// so that equal instants always compare equal in indexes.
pub fn to_unix(ts: Timestamp) -> i64 {
    ts.as_second()
}

/// The instant a stored column holds. A value outside jiff's range can only
/// come from a corrupt row.
pub fn from_unix(seconds: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(seconds)
        .map_err(|e| StoreError::Unexpected(format!("stored instant {seconds} is invalid: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_through_whole_seconds() {
        let ts: Timestamp = "2026-03-29T01:30:00.750Z".parse().unwrap();
        let stored = to_unix(ts);
        assert_eq!(stored, 1_774_747_800);
        assert_eq!(
            from_unix(stored).unwrap(),
            "2026-03-29T01:30:00Z".parse::<Timestamp>().unwrap()
        );
    }

    #[test]
    fn an_out_of_range_value_is_an_error_not_a_panic() {
        assert!(from_unix(i64::MAX).is_err());
    }
}
