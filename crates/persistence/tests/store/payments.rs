//! Payments applied from provider events: once per event, never paid for
//! another amount, never unpaid by a late failure, invoices for their own
//! patient only, refunds capped at what was paid.

use crate::fixtures::{doctor, now, patients};
use crate::payment_fixtures::{apply_at, bdt, count, effect, event, held_with_checkout, paid, FEE};
use crate::support::test_db;
use consulta_domain::model::{
    Actor, AppointmentStatus, Currency, Money, PaymentState, PaymentStatus, PaymentTransitionError,
    Provider,
};
use consulta_domain::ports::{
    AfterPayment, EventEffect, OpenOutcome, OpenPayment, PaymentEventKind, PaymentStoreError,
    RefundOutcome, RefundToRecord,
};
use jiff::SignedDuration;

#[tokio::test]
async fn a_double_click_opens_one_payment() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let again = OpenPayment {
        appointment,
        patient: p,
        provider: Provider::Stripe,
        now: now(),
    };
    match t.ports.payments.open_payment(again).await.unwrap() {
        OpenOutcome::Open(record) => {
            assert_eq!(record.payment.id, payment);
            assert_eq!(record.payment.amount, bdt(FEE), "the fee at booking");
        }
        other => panic!("a second payment was opened: {other:?}"),
    }
    assert_eq!(count(&t, "SELECT count(*) AS n FROM payments"), 1);
}

#[tokio::test]
async fn another_amount_or_currency_is_not_paid_but_flagged() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let stated = [
        bdt(FEE - 1),
        Money::new(FEE, Currency::parse("INR").unwrap()),
    ];
    for (n, amount) in stated.into_iter().enumerate() {
        let e = event(&format!("evt_{n}"), appointment, paid(amount));
        let outcome = t
            .ports
            .payments
            .apply_payment_event(apply_at(e, now()))
            .await;
        assert!(
            matches!(effect(outcome.unwrap()), EventEffect::Flagged { .. }),
            "{amount:?}"
        );
    }
    let record = t.ports.payments.payment(payment).await.unwrap().unwrap();
    assert_eq!(record.payment.state, PaymentState::Pending);
    assert!(record.flagged.unwrap().contains("was asked"));
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AppointmentStatus::PendingPayment);
    assert_eq!(count(&t, "SELECT count(*) AS n FROM invoices"), 0);
}

#[tokio::test]
async fn a_late_failure_after_paid_leaves_it_paid() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let store = &t.ports.payments;
    let outcome = store
        .apply_payment_event(apply_at(
            event("evt_paid", appointment, paid(bdt(FEE))),
            now(),
        ))
        .await
        .unwrap();
    assert!(matches!(
        effect(outcome),
        EventEffect::Paid {
            appointment: AfterPayment::Confirmed,
            ..
        }
    ));
    let failed = PaymentEventKind::Failed {
        reason: "card declined".into(),
    };
    let late = store
        .apply_payment_event(apply_at(event("evt_failed", appointment, failed), now()))
        .await
        .unwrap();
    assert_eq!(effect(late), EventEffect::Unchanged);
    let record = store.payment(payment).await.unwrap().unwrap();
    assert_eq!(record.payment.state, PaymentState::Paid);
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AppointmentStatus::Confirmed);
    assert_eq!(a.payment_status, PaymentStatus::Paid);
    assert_eq!(a.hold_until, None, "the hold is cleared");
    let receipts = "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'send_receipt'";
    assert_eq!(count(&t, receipts), 1);
}

#[tokio::test]
async fn an_invoice_is_found_for_its_own_patient_only() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let everyone = patients(&t, 2).await;
    let (owner, other) = (everyone[0], everyone[1]);
    let (appointment, _) = held_with_checkout(&t, owner, d, "2026-06-02T03:00:00Z").await;
    let outcome = t
        .ports
        .payments
        .apply_payment_event(apply_at(event("evt_1", appointment, paid(bdt(FEE))), now()))
        .await
        .unwrap();
    let EventEffect::Paid { invoice, .. } = effect(outcome) else {
        panic!("not paid");
    };
    assert_eq!(invoice.to_string(), "INV-2026-000001");
    let store = &t.ports.payments;
    let mine = store.invoice_for_patient(invoice, owner).await.unwrap();
    let mine = mine.expect("the owner sees the invoice");
    assert_eq!(mine.amount, bdt(FEE));
    assert_eq!(mine.transaction_ref, "pi_1");
    assert_eq!(
        store.invoice_for_patient(invoice, other).await.unwrap(),
        None
    );
    let listed = store.payments_of_patient(owner).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].invoice, Some(invoice));
    assert!(store.payments_of_patient(other).await.unwrap().is_empty());
}

#[tokio::test]
async fn refunds_add_up_to_at_most_the_amount_paid() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let store = &t.ports.payments;
    store
        .apply_payment_event(apply_at(event("evt_1", appointment, paid(bdt(FEE))), now()))
        .await
        .unwrap();
    let refund = |reference: &str, minor: i64| RefundToRecord {
        payment,
        refund_ref: reference.into(),
        amount: bdt(minor),
        reason: "Doctor unavailable".into(),
        by: Actor::System,
        now: now(),
        jobs: Vec::new(),
    };
    let first = store.record_refund(refund("re_1", 100_000)).await.unwrap();
    let RefundOutcome::Recorded(record) = first else {
        panic!("not recorded");
    };
    assert_eq!(record.payment.state, PaymentState::PartiallyRefunded);
    let too_much = store.record_refund(refund("re_2", 50_001)).await;
    assert!(
        matches!(
            too_much,
            Err(PaymentStoreError::Transition(
                PaymentTransitionError::RefundExceedsPaid { .. }
            ))
        ),
        "{too_much:?}"
    );
    let again = store.record_refund(refund("re_1", 100_000)).await.unwrap();
    assert!(matches!(again, RefundOutcome::AlreadyRecorded(_)));
    let rest = store.record_refund(refund("re_3", 50_000)).await.unwrap();
    let RefundOutcome::Recorded(record) = rest else {
        panic!("not recorded");
    };
    assert_eq!(record.payment.state, PaymentState::Refunded);
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.payment_status, PaymentStatus::Refunded);
    assert_eq!(count(&t, "SELECT count(*) AS n FROM refunds"), 2);
    assert_eq!(
        count(
            &t,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'payment.refunded' AND actor_kind IS NULL"
        ),
        2,
        "each refund recorded is audited, a repeat or a refusal is not"
    );
    let invoices = "SELECT count(*) AS n FROM invoices WHERE amount = 150000";
    assert_eq!(count(&t, invoices), 1, "the invoice stays as issued");
}

#[tokio::test]
async fn a_payment_for_no_known_checkout_writes_nothing() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, _) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let mut stranger = event("evt_x", appointment, paid(bdt(FEE)));
    stranger.provider_ref = Some("cs_unknown".into());
    let outcome = t
        .ports
        .payments
        .apply_payment_event(apply_at(stranger, now() + SignedDuration::from_mins(1)))
        .await;
    assert!(matches!(outcome, Err(PaymentStoreError::PaymentNotFound)));
    assert_eq!(count(&t, "SELECT count(*) AS n FROM payment_events"), 0);
}
