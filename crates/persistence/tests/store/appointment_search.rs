//! The staff's appointment search: pages and order come from SQL.

use crate::fixtures::{booking, doctor, patients};
use crate::support::{at, test_db};
use consulta_domain::ports::AppointmentQuery;
use jiff::SignedDuration;

#[tokio::test]
async fn pages_follow_the_start_and_count_every_match() {
    let t = test_db();
    let d = doctor(&t, "Dr Many").await;
    let other = doctor(&t, "Dr Other").await;
    let mut starts = Vec::new();
    let everyone = patients(&t, 13).await;
    for (n, p) in everyone[..12].iter().copied().enumerate() {
        for k in 0..5 {
            let start =
                at("2026-06-02T03:00:00Z") + SignedDuration::from_hours(((n * 5 + k) * 2) as i64);
            t.ports
                .booking
                .book(booking(p, d, &start.to_string(), 30))
                .await
                .unwrap();
            starts.push(start);
        }
    }
    t.ports
        .booking
        .book(booking(everyone[12], other, "2026-06-02T03:00:00Z", 30))
        .await
        .unwrap();
    let search = &t.ports.appointment_search;
    let mut query = AppointmentQuery {
        doctor: Some(d),
        limit: 50,
        ..AppointmentQuery::default()
    };
    let first = search.search_appointments(&query).await.unwrap();
    assert_eq!(
        first.total, 60,
        "the other doctor's appointment is not counted"
    );
    assert_eq!(first.rows.len(), 50);
    query.offset = 50;
    let second = search.search_appointments(&query).await.unwrap();
    assert_eq!(second.rows.len(), 10);
    let shown: Vec<_> = first
        .rows
        .iter()
        .chain(&second.rows)
        .map(|r| r.appointment.starts_at)
        .collect();
    starts.sort();
    assert_eq!(shown, starts, "every appointment once, earliest first");

    query.offset = 0;
    query.newest_first = true;
    query.limit = 1;
    let latest = search.search_appointments(&query).await.unwrap();
    assert_eq!(
        latest.rows[0].appointment.starts_at,
        *starts.last().unwrap()
    );
    query.from = Some(starts[10]);
    query.until = Some(starts[20]);
    query.limit = 100;
    let window = search.search_appointments(&query).await.unwrap();
    assert_eq!(window.total, 10, "from included, until excluded");
    query.patient = Some("PATIENT3@".into());
    let one = search.search_appointments(&query).await.unwrap();
    assert!(one
        .rows
        .iter()
        .all(|r| r.patient_email == "patient3@example.com"));
    query.patient = Some("%".into());
    assert_eq!(
        search.search_appointments(&query).await.unwrap().total,
        0,
        "% is literal"
    );
}
