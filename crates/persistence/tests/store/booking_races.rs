//! Concurrent bookings: whatever the interleaving, a slot, a doctor's time
//! and a patient's time are each held once.

use crate::fixtures::{booking, doctor, patients};
use crate::support::{at, test_db};
use consulta_domain::model::{DoctorId, PatientId};
use consulta_domain::ports::{BookOutcome, BookingConflict, BookingStore, NewBooking};
use std::sync::Arc;

/// Runs every booking at once on its own task; returns (booked, refusals).
async fn race(
    store: &Arc<dyn BookingStore>,
    bookings: Vec<NewBooking>,
) -> (usize, Vec<BookingConflict>) {
    let tasks: Vec<_> = bookings
        .into_iter()
        .map(|b| {
            let store = store.clone();
            tokio::spawn(async move { store.book(b).await })
        })
        .collect();
    let mut booked = 0;
    let mut refused = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(BookOutcome::Booked(_)) => booked += 1,
            Ok(other) => panic!("unexpected outcome {other:?}"),
            Err(conflict) => refused.push(conflict),
        }
    }
    (booked, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_patients_racing_for_one_slot_get_one_booking_and_49_slot_taken() {
    let t = test_db();
    let d = doctor(&t, "Dr Popular").await;
    let everyone = patients(&t, 50).await;
    let bookings = everyone
        .iter()
        .map(|&p| booking(p, d, "2026-06-02T03:00:00Z", 30))
        .collect();
    let (booked, refused) = race(&t.ports.booking, bookings).await;
    assert_eq!(booked, 1);
    assert_eq!(refused.len(), 49);
    for conflict in refused {
        assert!(
            matches!(conflict, BookingConflict::SlotTaken),
            "{conflict:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_patient_booking_twenty_doctors_at_once_gets_one() {
    let t = test_db();
    let mut doctors: Vec<DoctorId> = Vec::new();
    for n in 0..20 {
        doctors.push(doctor(&t, &format!("Dr Number {n}")).await);
    }
    let p: PatientId = patients(&t, 1).await[0];
    let bookings = doctors
        .iter()
        .map(|&d| {
            let mut b = booking(p, d, "2026-06-02T03:00:00Z", 30);
            b.max_upcoming = 100;
            b
        })
        .collect();
    let (booked, refused) = race(&t.ports.booking, bookings).await;
    assert_eq!(booked, 1);
    for conflict in refused {
        assert!(
            matches!(conflict, BookingConflict::PatientBusy),
            "{conflict:?}"
        );
    }
    let mine = t.ports.booking.appointments_of_patient(p).await.unwrap();
    assert_eq!(mine.len(), 1);
}

/// After an admin changes the slot length, a 30-minute and a 45-minute grid
/// offer starts that differ yet overlap: the unique index alone cannot see
/// that, the overlap check inside the transaction must.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_bookings_with_different_starts_never_both_succeed() {
    let t = test_db();
    let d = doctor(&t, "Dr Grid").await;
    let p = patients(&t, 40).await;
    for round in 0..20 {
        let day = format!("2026-06-{:02}", round + 2);
        let thirty = booking(p[2 * round], d, &format!("{day}T03:30:00Z"), 30);
        let forty_five = booking(p[2 * round + 1], d, &format!("{day}T03:45:00Z"), 45);
        let (booked, refused) = race(&t.ports.booking, vec![thirty, forty_five]).await;
        assert_eq!(booked, 1, "round {round}");
        assert!(matches!(refused[..], [BookingConflict::SlotTaken]));
        let taken = t
            .ports
            .booking
            .taken(
                d,
                at(&format!("{day}T00:00:00Z")),
                at(&format!("{day}T23:00:00Z")),
                crate::fixtures::now(),
            )
            .await
            .unwrap();
        assert_eq!(taken.len(), 1, "round {round}");
    }
}
