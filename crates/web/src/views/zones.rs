//! The IANA zones a person can choose from (registration, profile): jiff's
//! database, the region/city names only (no "posix/…", "Etc/GMT+5" or aliases
//! such as "US/Eastern" that nobody should have to pick between).

use std::sync::OnceLock;

const REGIONS: [&str; 10] = [
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
];

/// Every zone to offer, sorted, "UTC" first.
pub fn zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .filter(|name| REGIONS.iter().any(|r| name.starts_with(r)))
            .collect();
        names.sort();
        names.dedup();
        names.insert(0, "UTC".to_owned());
        names
    })
}

#[cfg(test)]
mod tests {
    use super::zone_names;

    #[test]
    fn the_list_has_the_demo_doctors_zones_and_no_aliases() {
        let names = zone_names();
        for zone in ["Asia/Dhaka", "America/New_York", "Europe/London"] {
            assert!(names.iter().any(|n| n == zone), "{zone} is offered");
        }
        assert!(!names
            .iter()
            .any(|n| n.starts_with("posix/") || n == "US/Eastern"));
    }
}
