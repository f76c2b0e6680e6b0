//! Provider events in the orders providers send them: a success after a
//! failure pays, a webhook and a return at the same moment pay once, and a
//! provider's refund event counts once.

use crate::fixtures::{doctor, now, patients};
use crate::payment_fixtures::{apply_at, bdt, count, effect, event, held_with_checkout, paid, FEE};
use crate::support::test_db;
use consulta_domain::model::{PaymentState, PaymentStatus};
use consulta_domain::ports::{EventEffect, PaymentEventKind, RefundStatus};

#[tokio::test]
async fn a_success_after_a_failure_on_the_same_checkout_pays() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let store = &t.ports.payments;
    let failed = PaymentEventKind::Failed {
        reason: "card declined".into(),
    };
    let first = store
        .apply_payment_event(apply_at(event("evt_f", appointment, failed), now()))
        .await
        .unwrap();
    assert!(matches!(effect(first), EventEffect::Moved { .. }));
    let a = t
        .ports
        .booking
        .appointment(appointment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.payment_status, PaymentStatus::Failed);
    let second = store
        .apply_payment_event(apply_at(event("evt_p", appointment, paid(bdt(FEE))), now()))
        .await
        .unwrap();
    assert!(matches!(effect(second), EventEffect::Paid { .. }));
    let record = store.payment(payment).await.unwrap().unwrap();
    assert_eq!(record.payment.state, PaymentState::Paid);
    assert_eq!(record.paid_at, Some(now()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_webhook_and_a_return_at_once_make_one_transition() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, _) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let webhook = event("evt_1", appointment, paid(bdt(FEE)));
    // A proven return is no delivery: it has no event id.
    let mut proven_return = webhook.clone();
    proven_return.event_id = None;
    let tasks: Vec<_> = [webhook, proven_return]
        .into_iter()
        .map(|e| {
            let store = t.ports.payments.clone();
            tokio::spawn(async move { store.apply_payment_event(apply_at(e, now())).await })
        })
        .collect();
    let mut paid_now = 0;
    for task in tasks {
        if let EventEffect::Paid { .. } = effect(task.await.unwrap().unwrap()) {
            paid_now += 1;
        }
    }
    assert_eq!(paid_now, 1);
    assert_eq!(count(&t, "SELECT count(*) AS n FROM invoices"), 1);
    let receipts = "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'send_receipt'";
    assert_eq!(count(&t, receipts), 1);
}

#[tokio::test]
async fn a_refund_event_from_the_provider_counts_once() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let store = &t.ports.payments;
    store
        .apply_payment_event(apply_at(event("evt_p", appointment, paid(bdt(FEE))), now()))
        .await
        .unwrap();
    let refund = |event_id: &str| {
        let mut e = event(
            event_id,
            appointment,
            PaymentEventKind::Refund {
                refund_ref: "re_1".into(),
                amount: bdt(50_000),
                status: RefundStatus::Succeeded,
                transaction_ref: Some("pi_1".into()),
            },
        );
        // Refund events name the payment's transaction, not the checkout.
        e.provider_ref = None;
        e
    };
    let first = store
        .apply_payment_event(apply_at(refund("evt_r1"), now()))
        .await
        .unwrap();
    assert!(matches!(effect(first), EventEffect::Moved { .. }));
    // The same refund told again in another event changes nothing.
    let again = store
        .apply_payment_event(apply_at(refund("evt_r2"), now()))
        .await
        .unwrap();
    assert_eq!(effect(again), EventEffect::Unchanged);
    let record = store.payment(payment).await.unwrap().unwrap();
    assert_eq!(record.payment.state, PaymentState::PartiallyRefunded);
    assert_eq!(record.payment.refundable(), bdt(100_000));
    assert_eq!(count(&t, "SELECT count(*) AS n FROM refunds"), 1);
}
