//! BookingStore after the booking: status changes, moves, the meeting link,
//! and what the schedule reads back.

use crate::fixtures::{booked, booking, doctor, now, patients};
use crate::support::{at, test_db};
use consulta_domain::model::{Actor, JobKind, JobState, NewJob, PatientId, StaffId};
use consulta_domain::model::{AppointmentId, AppointmentStatus};
use consulta_domain::ports::StoreError;
use consulta_domain::ports::{BookingConflict, Meeting, Move, StatusChange};
use jiff::SignedDuration;

fn complete(id: AppointmentId) -> StatusChange {
    StatusChange {
        id,
        from: AppointmentStatus::Confirmed,
        to: AppointmentStatus::Completed,
        cancelled_by: None,
        note: None,
        by: Actor::Staff(StaffId::new(1)),
        now: now(),
        jobs: vec![],
    }
}

fn move_to(id: AppointmentId, expected: &str, start: &str) -> Move {
    let new_starts_at = at(start);
    Move {
        id,
        expected_starts_at: at(expected),
        new_starts_at,
        new_ends_at: new_starts_at + SignedDuration::from_mins(30),
        local_date: "2026-06-02".into(),
        local_time: "10:00".into(),
        buffer: SignedDuration::ZERO,
        now: now(),
        by: Actor::Patient(PatientId::new(1)),
        jobs: vec![NewJob::for_appointment(JobKind::SendRescheduled, now())],
    }
}

#[tokio::test]
async fn a_status_change_from_a_stale_status_is_refused_as_changed() {
    let t = test_db();
    let d = doctor(&t, "Dr Status").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    let id = booked(
        store
            .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let done = store.change_status(complete(id)).await.unwrap();
    assert_eq!(done.status, AppointmentStatus::Completed);
    let stale = store.change_status(complete(id)).await;
    assert!(matches!(stale, Err(BookingConflict::Changed)), "{stale:?}");
    let missing = store.change_status(complete(AppointmentId::new(999))).await;
    assert!(
        matches!(missing, Err(BookingConflict::Store(StoreError::NotFound))),
        "{missing:?}"
    );
    let history = store.history(id).await.unwrap();
    assert_eq!(history.len(), 2, "the refused change left no entry");
    assert_eq!(history[1].by, Actor::Staff(StaffId::new(1)));
}

#[tokio::test]
async fn a_move_keeps_the_id_writes_history_and_frees_the_old_time() {
    let t = test_db();
    let d = doctor(&t, "Dr Move").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    let id = booked(
        store
            .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let moved = store
        .move_appointment(move_to(id, "2026-06-02T03:00:00Z", "2026-06-02T04:00:00Z"))
        .await
        .unwrap();
    assert_eq!(moved.id, id);
    assert_eq!(moved.starts_at, at("2026-06-02T04:00:00Z"));
    assert_eq!(moved.ends_at, at("2026-06-02T04:30:00Z"));
    assert_eq!(moved.appointment_time, "10:00");
    assert_eq!(moved.status, AppointmentStatus::Confirmed);

    let history = store.history(id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].old_starts_at, Some(at("2026-06-02T03:00:00Z")));
    assert_eq!(history[1].new_starts_at, Some(at("2026-06-02T04:00:00Z")));
    assert_eq!(history[1].by, Actor::Patient(PatientId::new(1)));

    let taken = store
        .taken(
            d,
            at("2026-06-02T00:00:00Z"),
            at("2026-06-03T00:00:00Z"),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].starts_at(), at("2026-06-02T04:00:00Z"));
    let jobs = t.ports.outbox.jobs(JobState::Pending, 10).await.unwrap();
    assert_eq!(jobs[0].kind, JobKind::SendRescheduled);

    // The service read the old start: the row has moved since.
    let stale = store
        .move_appointment(move_to(id, "2026-06-02T03:00:00Z", "2026-06-02T05:00:00Z"))
        .await;
    assert!(matches!(stale, Err(BookingConflict::Changed)), "{stale:?}");
    // Moving within its own time (overlapping itself) is fine.
    store
        .move_appointment(move_to(id, "2026-06-02T04:00:00Z", "2026-06-02T04:15:00Z"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_move_onto_another_booking_is_refused_and_changes_nothing() {
    let t = test_db();
    let (d, other) = (doctor(&t, "Dr Here").await, doctor(&t, "Dr There").await);
    let p = patients(&t, 2).await;
    let store = &t.ports.booking;
    let mine = booked(
        store
            .book(booking(p[0], d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    store
        .book(booking(p[1], d, "2026-06-02T04:00:00Z", 30))
        .await
        .unwrap();
    store
        .book(booking(p[0], other, "2026-06-02T05:00:00Z", 30))
        .await
        .unwrap();
    let taken = store
        .move_appointment(move_to(
            mine,
            "2026-06-02T03:00:00Z",
            "2026-06-02T04:00:00Z",
        ))
        .await;
    assert!(
        matches!(taken, Err(BookingConflict::SlotTaken)),
        "{taken:?}"
    );
    let busy = store
        .move_appointment(move_to(
            mine,
            "2026-06-02T03:00:00Z",
            "2026-06-02T05:00:00Z",
        ))
        .await;
    assert!(
        matches!(busy, Err(BookingConflict::PatientBusy)),
        "{busy:?}"
    );
    let unchanged = store.appointment(mine).await.unwrap().unwrap();
    assert_eq!(unchanged.starts_at, at("2026-06-02T03:00:00Z"));
    assert_eq!(store.history(mine).await.unwrap().len(), 1);
}

fn meeting(id: &str) -> Meeting {
    Meeting {
        id: id.into(),
        join_url: format!("https://meet.jit.si/{id}"),
        passcode: None,
    }
}

#[tokio::test]
async fn the_first_meeting_stays_and_a_stale_version_writes_nothing() {
    let t = test_db();
    let d = doctor(&t, "Dr Link").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    let id = booked(
        store
            .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let version = store.appointment(id).await.unwrap().unwrap().version;
    store
        .store_meeting(id, &meeting("a"), version, Vec::new(), now())
        .await
        .unwrap();
    let stale = store
        .store_meeting(id, &meeting("b"), version, Vec::new(), now())
        .await;
    assert!(matches!(stale, Err(BookingConflict::Changed)), "{stale:?}");
    let stored = store.appointment(id).await.unwrap().unwrap();
    assert_eq!(stored.zoom_link.as_deref(), Some("https://meet.jit.si/a"));
    assert_eq!(stored.meeting_id.as_deref(), Some("a"));
    store
        .store_meeting(id, &meeting("b"), stored.version, Vec::new(), now())
        .await
        .unwrap();
    let kept = store.appointment(id).await.unwrap().unwrap();
    assert_eq!(
        kept.meeting_id.as_deref(),
        Some("a"),
        "the first meeting stays"
    );
    let missing = store
        .store_meeting(AppointmentId::new(999), &meeting("x"), 0, Vec::new(), now())
        .await;
    assert!(matches!(
        missing,
        Err(BookingConflict::Store(StoreError::NotFound))
    ));
}

#[tokio::test]
async fn a_patients_appointments_come_newest_first() {
    let t = test_db();
    let d = doctor(&t, "Dr List").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    for start in [
        "2026-06-03T03:00:00Z",
        "2026-06-05T03:00:00Z",
        "2026-06-04T03:00:00Z",
    ] {
        store.book(booking(p, d, start, 30)).await.unwrap();
    }
    let starts: Vec<_> = store
        .appointments_of_patient(p)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.starts_at.to_string())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-06-05T03:00:00Z",
            "2026-06-04T03:00:00Z",
            "2026-06-03T03:00:00Z"
        ]
    );
}
