use super::*;
use jiff::civil::date;

const TODAY: Date = date(2026, 12, 1);

fn parse(from: &str, to: &str) -> Result<ReportRange, FieldErrors> {
    ReportRange::parse(from, to, TODAY, 366)
}

#[test]
fn empty_dates_mean_the_last_thirty_days() {
    let range = parse("", " ").unwrap();
    assert_eq!(range.first(), date(2026, 11, 2));
    assert_eq!(range.last(), TODAY);
    assert_eq!(range.length(), DEFAULT_DAYS);
    let short = ReportRange::parse("", "", TODAY, 7).unwrap();
    assert_eq!((short.first(), short.length()), (date(2026, 11, 25), 7));
}

#[test]
fn malformed_reversed_and_too_long_ranges_name_their_field() {
    let errors = parse("2026-13-01", "soon").unwrap_err();
    assert!(errors.message_for("from").is_some());
    assert!(errors.message_for("to").is_some());
    let errors = parse("2026-11-02", "").unwrap_err();
    assert!(errors.message_for("to").is_some());
    let errors = parse("2026-11-10", "2026-11-09").unwrap_err();
    assert!(errors
        .message_for("to")
        .unwrap()
        .contains("before the first"));
    let errors = parse("2025-01-01", "2026-01-02").unwrap_err();
    assert_eq!(
        errors.message_for("to"),
        Some("A report covers at most 366 days; this range has 367.")
    );
    assert_eq!(parse("2025-01-01", "2026-01-01").unwrap().length(), 366);
}

#[test]
fn months_are_cut_to_the_range() {
    let range = parse("2026-01-15", "2026-03-10").unwrap();
    assert_eq!(
        range.months(),
        vec![
            ("2026-01".to_owned(), date(2026, 1, 15), date(2026, 2, 1)),
            ("2026-02".to_owned(), date(2026, 2, 1), date(2026, 3, 1)),
            ("2026-03".to_owned(), date(2026, 3, 1), date(2026, 3, 11)),
        ]
    );
}

#[test]
fn instants_follow_the_zone_across_daylight_saving() {
    let zone = TimeZone::get("America/New_York").unwrap();
    let range = parse("2026-03-08", "2026-03-08").unwrap();
    let (from, until) = range.instants(&zone).unwrap();
    assert_eq!(from.to_string(), "2026-03-08T05:00:00Z");
    // 8 March has 23 hours in New York.
    assert_eq!(until.to_string(), "2026-03-09T04:00:00Z");
}

#[test]
fn rates_round_half_up_to_a_tenth_of_a_percent() {
    assert_eq!(Rate::new(1, 8).percent_text(), "12.5 %");
    assert_eq!(Rate::new(2, 3).percent_text(), "66.7 %");
    assert_eq!(Rate::new(0, 0).percent_text(), "–");
    assert_eq!(Rate::new(5, 4).per_mille(), Some(1250));
}
