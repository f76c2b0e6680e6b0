//! BookingStore: the unique index, hold release, buffers, the patient's own
//! limits, double submits, and the jobs written with each booking.

use crate::fixtures::{booked, booking, doctor, hold, now, patients};
use crate::support::{at, test_db};
use consulta_domain::model::{Actor, JobState, PatientId};
use consulta_domain::model::{AppointmentStatus, CancelledBy};
use consulta_domain::ports::{BookOutcome, BookingConflict, StatusChange};
use diesel::prelude::*;
use jiff::SignedDuration;

fn cancel(id: consulta_domain::model::AppointmentId) -> StatusChange {
    StatusChange {
        id,
        from: AppointmentStatus::Confirmed,
        to: AppointmentStatus::Cancelled,
        cancelled_by: Some(CancelledBy::Patient),
        note: Some("Feeling better".into()),
        by: Actor::Patient(PatientId::new(1)),
        now: now(),
        jobs: vec![],
    }
}

#[tokio::test]
async fn one_active_appointment_per_slot_until_it_is_cancelled() {
    let t = test_db();
    let d = doctor(&t, "Dr Ayesha Rahman").await;
    let p = patients(&t, 2).await;
    let booking_store = &t.ports.booking;
    let first = booked(
        booking_store
            .book(booking(p[0], d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let second = booking_store
        .book(booking(p[1], d, "2026-06-02T03:00:00Z", 30))
        .await;
    assert!(
        matches!(second, Err(BookingConflict::SlotTaken)),
        "{second:?}"
    );

    let cancelled = booking_store.change_status(cancel(first)).await.unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(cancelled.cancelled_by, Some(CancelledBy::Patient));
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Feeling better"));
    let again = booking_store
        .book(booking(p[1], d, "2026-06-02T03:00:00Z", 30))
        .await
        .unwrap();
    assert!(matches!(again, BookOutcome::Booked(id) if id != first));
}

#[tokio::test]
async fn an_expired_hold_in_the_way_is_released_and_an_unexpired_one_blocks() {
    let t = test_db();
    let d = doctor(&t, "Dr Hold").await;
    let p = patients(&t, 2).await;
    let store = &t.ports.booking;
    let until = now() + SignedDuration::from_mins(15);
    let held = booked(
        store
            .book(hold(p[0], d, "2026-06-02T03:00:00Z", 30, until))
            .await
            .unwrap(),
    );
    // While the hold runs, the slot (and an overlapping one) is taken.
    for start in ["2026-06-02T03:00:00Z", "2026-06-02T03:15:00Z"] {
        let refused = store.book(booking(p[1], d, start, 30)).await;
        assert!(
            matches!(refused, Err(BookingConflict::SlotTaken)),
            "{start}"
        );
    }
    assert_eq!(t.ports.booking.history(held).await.unwrap().len(), 1);

    // At hold_until the hold no longer counts: the same start is booked and
    // the hold is marked expired, with its history, in that transaction.
    let mut later = booking(p[1], d, "2026-06-02T03:00:00Z", 30);
    later.now = until;
    let taker = booked(store.book(later).await.unwrap());
    let expired = store.appointment(held).await.unwrap().unwrap();
    assert_eq!(expired.status, AppointmentStatus::Expired);
    let history = store.history(held).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[1].old_status,
        Some(AppointmentStatus::PendingPayment)
    );
    assert_eq!(history[1].new_status, AppointmentStatus::Expired);
    assert_eq!(history[1].by, Actor::System);
    let taken = store
        .taken(
            d,
            at("2026-06-02T00:00:00Z"),
            at("2026-06-03T00:00:00Z"),
            until,
        )
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_ne!(taker, held);
}

#[tokio::test]
async fn a_row_the_unique_index_refuses_is_slot_taken_not_a_failure() {
    let t = test_db();
    let d = doctor(&t, "Dr Index").await;
    let p = patients(&t, 2).await;
    // An awaiting-payment row without hold_until is outside the overlap check
    // (it is not active) but inside the partial unique index.
    diesel::sql_query(format!(
        "INSERT INTO appointments (patient_id, doctor_name, appointment_date, appointment_time, \
         reason, status, payment_status, amount, currency, doctor_id, starts_at, ends_at, \
         created_at, updated_at) VALUES ({}, 'Dr Index', '2026-06-02', '09:00', 'reason', \
         'pending_payment', 'unpaid', 0, 'BDT', {}, {}, {}, 1, 1)",
        p[0].get(),
        d.get(),
        at("2026-06-02T03:00:00Z").as_second(),
        at("2026-06-02T03:30:00Z").as_second(),
    ))
    .execute(&mut t.raw())
    .unwrap();
    let refused = t
        .ports
        .booking
        .book(booking(p[1], d, "2026-06-02T03:00:00Z", 30))
        .await;
    assert!(
        matches!(refused, Err(BookingConflict::SlotTaken)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_buffer_blocks_a_different_start_close_to_a_booking() {
    let t = test_db();
    let d = doctor(&t, "Dr Buffer").await;
    let p = patients(&t, 2).await;
    let store = &t.ports.booking;
    let ten = SignedDuration::from_mins(10);
    let with_buffer = |start: &str, patient| {
        let mut b = booking(patient, d, start, 30);
        b.buffer = ten;
        b
    };
    store
        .book(with_buffer("2026-06-02T03:00:00Z", p[0]))
        .await
        .unwrap();
    // 09:00-09:30 booked: 08:25 and 09:35 fall within 10 minutes of it.
    for start in ["2026-06-02T02:25:00Z", "2026-06-02T03:35:00Z"] {
        let refused = store.book(with_buffer(start, p[1])).await;
        assert!(
            matches!(refused, Err(BookingConflict::SlotTaken)),
            "{start}"
        );
    }
    // Exactly a buffer away on either side is free.
    for start in ["2026-06-02T02:20:00Z", "2026-06-02T03:40:00Z"] {
        let outcome = store.book(with_buffer(start, p[1])).await;
        assert!(matches!(outcome, Ok(BookOutcome::Booked(_))), "{start}");
    }
}

#[tokio::test]
async fn a_patient_cannot_see_two_doctors_at_once() {
    let t = test_db();
    let (d1, d2) = (doctor(&t, "Dr One").await, doctor(&t, "Dr Two").await);
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    store
        .book(booking(p, d1, "2026-06-02T03:00:00Z", 30))
        .await
        .unwrap();
    let busy = store.book(booking(p, d2, "2026-06-02T03:15:00Z", 30)).await;
    assert!(
        matches!(busy, Err(BookingConflict::PatientBusy)),
        "{busy:?}"
    );
    let after = store.book(booking(p, d2, "2026-06-02T03:30:00Z", 30)).await;
    assert!(matches!(after, Ok(BookOutcome::Booked(_))), "{after:?}");
}

#[tokio::test]
async fn upcoming_appointments_are_limited_and_cancelled_ones_do_not_count() {
    let t = test_db();
    let d = doctor(&t, "Dr Limit").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    let limited = |start: &str| {
        let mut b = booking(p, d, start, 30);
        b.max_upcoming = 2;
        b
    };
    let first = booked(store.book(limited("2026-06-02T03:00:00Z")).await.unwrap());
    store.book(limited("2026-06-03T03:00:00Z")).await.unwrap();
    let third = store.book(limited("2026-06-04T03:00:00Z")).await;
    assert!(
        matches!(third, Err(BookingConflict::TooManyUpcoming)),
        "{third:?}"
    );
    store.change_status(cancel(first)).await.unwrap();
    let third = store.book(limited("2026-06-04T03:00:00Z")).await;
    assert!(matches!(third, Ok(BookOutcome::Booked(_))), "{third:?}");
}

#[tokio::test]
async fn a_double_submit_returns_the_first_booking_and_writes_nothing() {
    let t = test_db();
    let d = doctor(&t, "Dr Twice").await;
    let p = patients(&t, 1).await[0];
    let store = &t.ports.booking;
    let request = booking(p, d, "2026-06-02T03:00:00Z", 30);
    let first = booked(store.book(request.clone()).await.unwrap());
    let second = store.book(request).await.unwrap();
    assert_eq!(second, BookOutcome::AlreadyBooked(first));
    assert_eq!(store.appointments_of_patient(p).await.unwrap().len(), 1);
    assert_eq!(store.history(first).await.unwrap().len(), 1);
    let jobs = t.ports.outbox.jobs(JobState::Pending, 10).await.unwrap();
    assert_eq!(jobs.len(), 2, "the confirmation jobs, once");
    assert!(jobs
        .iter()
        .all(|j| j.appointment == Some(first) && j.attempts == 0));
}

#[tokio::test]
async fn the_booking_stores_the_original_plan_columns() {
    let t = test_db();
    let d = doctor(&t, "Dr Columns").await;
    let p = patients(&t, 1).await[0];
    let until = now() + SignedDuration::from_mins(15);
    let id = booked(
        t.ports
            .booking
            .book(hold(p, d, "2026-06-02T03:00:00Z", 30, until))
            .await
            .unwrap(),
    );
    let a = t.ports.booking.appointment(id).await.unwrap().unwrap();
    assert_eq!((a.patient_id, a.doctor_id), (p, d));
    assert_eq!(a.doctor_name, "Dr Test");
    assert_eq!(
        (a.appointment_date.as_str(), a.appointment_time.as_str()),
        ("2026-06-02", "09:00")
    );
    assert_eq!(a.reason.as_str(), "Fever for three days");
    assert_eq!(a.status, AppointmentStatus::PendingPayment);
    assert_eq!(a.amount.minor(), 150_000);
    assert_eq!(a.amount.currency().code(), "BDT");
    assert_eq!(a.hold_until, Some(until));
    assert_eq!(
        a.ends_at.duration_since(a.starts_at),
        SignedDuration::from_mins(30)
    );
    assert_eq!(a.zoom_link, None);
    assert!(a.is_active_at(now()));
}
