//! Payments at once and payments late: one event delivered five times
//! concurrently pays once, concurrent payments get consecutive invoice
//! numbers, and a payment after the hold ran out confirms only a free slot.

use crate::fixtures::{booked, booking, doctor, now, patients};
use crate::payment_fixtures::{
    apply_at, bdt, count, effect, event, held_with_checkout, hold_until, paid, FEE,
};
use crate::support::test_db;
use consulta_domain::model::{Actor, AppointmentStatus, InvoiceNumber};
use consulta_domain::ports::{
    AfterPayment, EventEffect, EventOutcome, PaymentEventKind, StatusChange,
};
use jiff::SignedDuration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_event_five_times_at_once_pays_once_with_one_invoice() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, _) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let store = t.ports.payments.clone();
            let e = event("evt_same", appointment, paid(bdt(FEE)));
            tokio::spawn(async move { store.apply_payment_event(apply_at(e, now())).await })
        })
        .collect();
    let mut paid_now = 0;
    let mut repeats = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            EventOutcome::AlreadyApplied => repeats += 1,
            EventOutcome::Recorded {
                effect: EventEffect::Paid { .. },
                ..
            } => paid_now += 1,
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!((paid_now, repeats), (1, 4));
    assert_eq!(count(&t, "SELECT count(*) AS n FROM invoices"), 1);
    assert_eq!(count(&t, "SELECT count(*) AS n FROM payment_events"), 1);
    let meetings = "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'create_meeting'";
    assert_eq!(count(&t, meetings), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_payments_get_consecutive_invoice_numbers() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let mut held = Vec::new();
    for (n, p) in patients(&t, 12).await.into_iter().enumerate() {
        let start = format!("2026-06-02T{:02}:00:00Z", n + 3);
        held.push(held_with_checkout(&t, p, d, &start).await.0);
    }
    let tasks: Vec<_> = held
        .iter()
        .enumerate()
        .map(|(n, &appointment)| {
            let store = t.ports.payments.clone();
            // Each payment is its own transaction at the provider.
            let kind = PaymentEventKind::Paid {
                amount: bdt(FEE),
                transaction_ref: format!("pi_{n}"),
            };
            let e = event(&format!("evt_{n}"), appointment, kind);
            tokio::spawn(async move { store.apply_payment_event(apply_at(e, now())).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        match effect(task.await.unwrap().unwrap()) {
            EventEffect::Paid { invoice, .. } => numbers.push(invoice),
            other => panic!("not paid: {other:?}"),
        }
    }
    numbers.sort();
    let expected: Vec<InvoiceNumber> = (1..=12)
        .map(|n| InvoiceNumber::new(2026, n).unwrap())
        .collect();
    assert_eq!(numbers, expected, "no gap and no repeat");
}

/// The hold of `appointment` runs out, as the expiry job makes it.
async fn expire(t: &crate::support::TestDb, appointment: consulta_domain::model::AppointmentId) {
    t.ports
        .booking
        .change_status(StatusChange {
            id: appointment,
            from: AppointmentStatus::PendingPayment,
            to: AppointmentStatus::Expired,
            cancelled_by: None,
            note: None,
            by: Actor::System,
            now: hold_until() + SignedDuration::from_mins(1),
            jobs: Vec::new(),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_payment_after_the_hold_ran_out_confirms_a_slot_still_free() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, _) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    expire(&t, appointment).await;
    let late = hold_until() + SignedDuration::from_mins(5);
    let outcome = t
        .ports
        .payments
        .apply_payment_event(apply_at(event("evt_1", appointment, paid(bdt(FEE))), late))
        .await
        .unwrap();
    assert!(matches!(
        effect(outcome),
        EventEffect::Paid {
            appointment: AfterPayment::ConfirmedAfterExpiry,
            ..
        }
    ));
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AppointmentStatus::Confirmed);
}

#[tokio::test]
async fn a_payment_after_the_slot_was_given_away_leaves_it_expired_and_refunds() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let everyone = patients(&t, 2).await;
    let start = "2026-06-02T03:00:00Z";
    let (appointment, _) = held_with_checkout(&t, everyone[0], d, start).await;
    let late = hold_until() + SignedDuration::from_mins(5);
    // Another patient books the slot; the booking releases the lapsed hold.
    let mut taker = booking(everyone[1], d, start, 30);
    taker.now = late;
    booked(t.ports.booking.book(taker).await.unwrap());
    let outcome = t
        .ports
        .payments
        .apply_payment_event(apply_at(event("evt_1", appointment, paid(bdt(FEE))), late))
        .await
        .unwrap();
    assert!(matches!(
        effect(outcome),
        EventEffect::Paid {
            appointment: AfterPayment::RefundDue,
            ..
        }
    ));
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AppointmentStatus::Expired);
    let refunds = "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'refund_payment'";
    assert_eq!(count(&t, refunds), 1);
    let meetings = format!(
        "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'create_meeting' \
         AND appointment_id = {appointment}"
    );
    assert_eq!(
        count(&t, &meetings),
        0,
        "no confirmation for a slot it lost"
    );
}
