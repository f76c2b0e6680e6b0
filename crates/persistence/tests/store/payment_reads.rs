//! What the invoice, history and refund pages read: a patient's payments a
//! page at a time, an invoice for staff, a payment's refunds with who made
//! them and why, and the receipt with its invoice number.

use crate::fixtures::{doctor, now, patients};
use crate::payment_fixtures::{apply_at, bdt, effect, event, held_with_checkout, paid, FEE};
use crate::support::test_db;
use consulta_domain::model::{Actor, StaffId};
use consulta_domain::ports::PaymentEventKind;
use consulta_domain::ports::{EventEffect, RefundToRecord};
use jiff::SignedDuration;

fn paid_as(transaction: &str) -> PaymentEventKind {
    PaymentEventKind::Paid {
        amount: bdt(FEE),
        transaction_ref: transaction.into(),
    }
}

#[tokio::test]
async fn history_pages_invoices_for_staff_refunds_and_the_receipt_read_back() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let everyone = patients(&t, 2).await;
    let (owner, other) = (everyone[0], everyone[1]);
    let mut appointments = Vec::new();
    for hour in ["03", "04", "05"] {
        let start = format!("2026-06-02T{hour}:00:00Z");
        appointments.push(held_with_checkout(&t, owner, d, &start).await);
    }
    let (first, payment) = appointments[0];
    let outcome = t
        .ports
        .payments
        .apply_payment_event(apply_at(event("evt_1", first, paid(bdt(FEE))), now()))
        .await
        .unwrap();
    let EventEffect::Paid { invoice, .. } = effect(outcome) else {
        panic!("not paid");
    };
    let store = &t.ports.payments;

    let page = store.payment_history(owner, 2, 0).await.unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.rows.len(), 2, "cut to the page");
    assert_eq!(
        page.rows[0].payment.appointment, appointments[2].0,
        "newest first"
    );
    let last = store.payment_history(owner, 2, 2).await.unwrap();
    assert_eq!(last.rows.len(), 1);
    assert_eq!(last.rows[0].invoice, Some(invoice));
    assert_eq!(store.payment_history(other, 2, 0).await.unwrap().total, 0);

    let for_staff = store.invoice(invoice).await.unwrap().expect("staff see it");
    assert_eq!(for_staff.patient, owner);

    for (n, minor) in [(1, 50_000), (2, 20_000)] {
        store
            .record_refund(RefundToRecord {
                payment,
                refund_ref: format!("re_{n}"),
                amount: bdt(minor),
                reason: format!("Reason {n}"),
                by: Actor::Staff(StaffId::new(4)),
                now: now() + SignedDuration::from_mins(n),
                jobs: Vec::new(),
            })
            .await
            .unwrap();
    }
    let refunds = store.refunds_of_payment(payment).await.unwrap();
    assert_eq!(refunds.len(), 2);
    assert_eq!(refunds[0].amount, bdt(50_000), "oldest first");
    assert_eq!(refunds[1].reason, "Reason 2");
    assert_eq!(refunds[1].by, Actor::Staff(StaffId::new(4)));
    assert_eq!(refunds[1].at, now() + SignedDuration::from_mins(2));

    let receipts = t.ports.receipts.receipt(appointments[0].1).await.unwrap();
    // Partly refunded now: the receipt of a payment no longer just paid is not sent.
    assert_eq!(receipts, None);
    let (second, second_payment) = appointments[1];
    let outcome = store
        .apply_payment_event(apply_at(event("evt_2", second, paid_as("pi_2")), now()))
        .await
        .unwrap();
    let EventEffect::Paid { invoice: next, .. } = effect(outcome) else {
        panic!("not paid");
    };
    let receipt = t
        .ports
        .receipts
        .receipt(second_payment)
        .await
        .unwrap()
        .expect("a paid payment's receipt");
    assert_eq!(receipt.invoice, Some(next), "the receipt names its invoice");
}
