//! The report aggregates: counted and summed in SQL per period, doctor and
//! window, with the boundaries as the use case gives them.

use crate::fixtures::{booking, doctor, hold, patients};
use crate::support::{at, test_db};
use consulta_domain::ports::{DoctorWindow, Period};
use jiff::SignedDuration;

#[tokio::test]
async fn periods_doctors_and_windows_count_what_held_its_slot() {
    let t = test_db();
    let first = doctor(&t, "Dr First").await;
    let second = doctor(&t, "Dr Second").await;
    let people = patients(&t, 4).await;
    // Confirmed: 2 June 03:00 (first), 03:00 (second, 45 min), 3 June 03:00 (first).
    for (p, d, start, minutes) in [
        (people[0], first, "2026-06-02T03:00:00Z", 30),
        (people[1], second, "2026-06-02T03:00:00Z", 45),
        (people[2], first, "2026-06-03T03:00:00Z", 30),
    ] {
        t.ports
            .booking
            .book(booking(p, d, start, minutes))
            .await
            .unwrap();
    }
    // A hold awaiting payment holds nothing for the reports.
    t.ports
        .booking
        .book(hold(
            people[3],
            second,
            "2026-06-03T05:00:00Z",
            30,
            at("2026-06-03T00:00:00Z"),
        ))
        .await
        .unwrap();
    let day = |seq: i64, start: &str| Period {
        seq,
        from: at(start),
        until: at(start) + SignedDuration::from_hours(24),
    };
    let reports = &t.ports.reports;
    let counts = reports
        .appointments_per_period(&[
            day(0, "2026-06-01T00:00:00Z"),
            day(1, "2026-06-02T00:00:00Z"),
            day(2, "2026-06-03T00:00:00Z"),
        ])
        .await
        .unwrap();
    let counts: Vec<(i64, i64)> = counts.iter().map(|c| (c.seq, c.count)).collect();
    assert_eq!(counts, vec![(0, 0), (1, 2), (2, 1)], "empty days included");
    assert!(reports
        .appointments_per_period(&[])
        .await
        .unwrap()
        .is_empty());

    let per_doctor = reports
        .appointments_per_doctor(at("2026-06-02T00:00:00Z"), at("2026-06-03T00:00:00Z"))
        .await
        .unwrap();
    let per_doctor: Vec<(&str, i64)> = per_doctor
        .iter()
        .map(|d| (d.name.as_str(), d.count))
        .collect();
    assert_eq!(per_doctor, vec![("Dr First", 1), ("Dr Second", 1)]);

    let booked = reports
        .booked_time(&[
            DoctorWindow {
                doctor: first,
                from: at("2026-06-02T00:00:00Z"),
                until: at("2026-06-04T00:00:00Z"),
            },
            DoctorWindow {
                doctor: second,
                from: at("2026-06-02T00:00:00Z"),
                until: at("2026-06-04T00:00:00Z"),
            },
        ])
        .await
        .unwrap();
    let booked: Vec<(i64, i64)> = booked.iter().map(|b| (b.doctor.get(), b.seconds)).collect();
    assert_eq!(
        booked,
        vec![(first.get(), 3600), (second.get(), 2700)],
        "the hold is not booked time"
    );

    let outcomes = reports
        .outcomes_per_doctor(at("2026-06-01T00:00:00Z"), at("2026-06-04T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 2);
    assert_eq!((outcomes[0].booked, outcomes[0].cancelled), (2, 0));
    assert_eq!(outcomes[1].booked, 1, "the hold is not a booking yet");
}
