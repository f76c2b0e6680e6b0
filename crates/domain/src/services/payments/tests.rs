//! Which gateway call each payment use case makes, and what it refuses
//! before calling at all, over the in-memory fakes.

use super::fake_gateway::FakeGateway;
use super::fake_store::{bdt, FakeAudit, FakeStore, FixedClock, APPOINTMENT, FEE, PATIENT};
use super::{
    Gateways, PaymentPolicy, PaymentPorts, Payments, RefundPolicy, StaffRefund, StaffRefundError,
    StartPayment, StartPaymentError, WebhookError, WebhookOutcome,
};
use crate::model::{JobKind, PatientId, PaymentId, PaymentState, Provider, StaffId};
use crate::ports::{EventEffect, ReturnParams, VerifiedWebhook, WebhookRejected, WebhookRequest};
use crate::services::jobs::effects::NoticePolicy;
use crate::services::payments::{CancellationRefund, ReconcileOutcome};
use jiff::SignedDuration;
use std::sync::Arc;

fn payments(
    store: Arc<FakeStore>,
    gateway: Arc<FakeGateway>,
    refund_policy: RefundPolicy,
) -> Payments {
    let ports = PaymentPorts {
        store,
        gateways: Gateways::new(vec![gateway]),
        clock: Arc::new(FixedClock),
        audit: Arc::new(FakeAudit::default()),
    };
    let policy = PaymentPolicy {
        notices: NoticePolicy {
            link_grace: SignedDuration::from_mins(5),
            reminders: vec![SignedDuration::from_hours(1)],
        },
        refund_policy,
        reconcile_after: SignedDuration::from_mins(30),
    };
    Payments::new(ports, policy)
}

fn start(patient: PatientId, provider: Option<Provider>) -> StartPayment {
    StartPayment {
        appointment: APPOINTMENT,
        patient,
        provider,
        description: "Consultation".into(),
        customer_email: None,
        return_url: "http://localhost/payments/return/stripe".into(),
        cancel_url: "http://localhost/appointments/3/pay".into(),
    }
}

/// Runs a use case over the fakes, which never wait: the domain has no
/// runtime, and needs none for them.
fn run<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("a fake waited"),
    }
}

#[test]
fn starting_twice_opens_one_payment_for_the_stored_fee_under_one_key() {
    let (store, gateway) = (Arc::new(FakeStore::default()), Arc::new(FakeGateway::new()));
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    let first = run(service.start_payment(start(PATIENT, None))).unwrap();
    let again = run(service.start_payment(start(PATIENT, None))).unwrap();
    assert_eq!(first.payment, again.payment);
    assert_eq!(store.payments.lock().unwrap().len(), 1);
    let key = format!("start_checkout {FEE} BDT checkout:{}", first.payment);
    assert_eq!(
        gateway.calls(),
        vec![key.clone(), key],
        "the same checkout asked again"
    );
    assert_eq!(store.only().payment.state, PaymentState::Pending);
}

#[test]
fn starting_is_refused_before_any_gateway_call_for_a_stranger_or_another_provider() {
    let (store, gateway) = (Arc::new(FakeStore::default()), Arc::new(FakeGateway::new()));
    let service = payments(store, gateway.clone(), RefundPolicy::Full);
    let stranger = run(service.start_payment(start(PatientId::new(99), None)));
    assert!(
        matches!(stranger, Err(StartPaymentError::NotFound)),
        "{stranger:?}"
    );
    let other = run(service.start_payment(start(PATIENT, Some(Provider::Bkash))));
    assert!(
        matches!(other, Err(StartPaymentError::ProviderNotOffered)),
        "{other:?}"
    );
    assert!(gateway.calls().is_empty());
}

#[test]
fn a_verified_webhook_is_applied_with_the_confirmation_and_receipt_jobs() {
    let store = Arc::new(FakeStore::default());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    run(service.start_payment(start(PATIENT, None))).unwrap();
    let outcome = run(service.apply_webhook(Provider::Stripe, &WebhookRequest::default())).unwrap();
    assert!(
        matches!(
            outcome,
            WebhookOutcome::Applied {
                effect: EventEffect::Paid { .. },
                ..
            }
        ),
        "{outcome:?}"
    );
    let applied = store.applied.lock().unwrap();
    let confirm: Vec<JobKind> = applied[0].on_confirmed.iter().map(|j| j.kind).collect();
    assert_eq!(
        confirm,
        vec![
            JobKind::CreateMeeting,
            JobKind::SendConfirmation,
            JobKind::SendDoctorBooked,
            JobKind::SendReminder
        ]
    );
    let paid: Vec<JobKind> = applied[0].on_paid.iter().map(|j| j.kind).collect();
    assert_eq!(paid, vec![JobKind::SendReceipt]);
    drop(applied);
    let again = run(service.apply_webhook(Provider::Stripe, &WebhookRequest::default())).unwrap();
    assert_eq!(again, WebhookOutcome::AlreadyApplied);
}

#[test]
fn a_rejected_webhook_changes_nothing() {
    let store = Arc::new(FakeStore::default());
    let mut gateway = FakeGateway::new();
    gateway.webhook = Err(WebhookRejected::BadSignature);
    let service = payments(store.clone(), Arc::new(gateway), RefundPolicy::Full);
    let outcome = run(service.apply_webhook(Provider::Stripe, &WebhookRequest::default()));
    assert!(matches!(
        outcome,
        Err(WebhookError::Rejected(WebhookRejected::BadSignature))
    ));
    assert!(store.applied.lock().unwrap().is_empty());
    let mut ignoring = FakeGateway::new();
    ignoring.webhook = Ok(VerifiedWebhook::Ignored {
        event_id: None,
        event_type: "customer.created".into(),
    });
    let service = payments(store.clone(), Arc::new(ignoring), RefundPolicy::Full);
    let outcome = run(service.apply_webhook(Provider::Stripe, &WebhookRequest::default()));
    assert_eq!(outcome.unwrap(), WebhookOutcome::Ignored);
    assert!(store.applied.lock().unwrap().is_empty());
}

#[test]
fn a_return_is_proven_with_the_provider_unless_it_is_settled_already() {
    let store = Arc::new(FakeStore::default());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    run(service.start_payment(start(PATIENT, None))).unwrap();
    let params = ReturnParams(vec![("session_id".into(), "cs_1".into())]);
    let returned = run(service.confirm_return(Provider::Stripe, &params)).unwrap();
    assert_eq!(returned.payment.payment.state, PaymentState::Paid);
    let reload = run(service.confirm_return(Provider::Stripe, &params)).unwrap();
    assert_eq!(reload.effect, None);
    let proofs = gateway
        .calls()
        .iter()
        .filter(|c| c.starts_with("confirm_return"))
        .count();
    assert_eq!(proofs, 1, "a settled payment is not proven again");
    let unknown = ReturnParams(vec![("session_id".into(), "cs_other".into())]);
    assert!(run(service.confirm_return(Provider::Stripe, &unknown)).is_err());
}

#[test]
fn a_payment_still_pending_at_the_provider_is_flagged() {
    let store = Arc::new(FakeStore::default());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    let started = run(service.start_payment(start(PATIENT, None))).unwrap();
    assert_eq!(
        run(service.due_for_reconciliation()).unwrap(),
        vec![started.payment]
    );
    let outcome = run(service.reconcile(started.payment)).unwrap();
    assert!(
        matches!(outcome, ReconcileOutcome::Flagged(_)),
        "{outcome:?}"
    );
    assert!(gateway.calls().contains(&"lookup cs_1".to_owned()));
    assert!(store.only().flagged.unwrap().contains("Still pending"));
}

#[test]
fn staff_refund_up_to_the_amount_paid_and_more_is_refused_before_asking() {
    let store = Arc::new(FakeStore::paid());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    let refund = |minor: Option<i64>| StaffRefund {
        payment: PaymentId::new(1),
        amount: minor.map(bdt),
        reason: "Doctor ill".into(),
        staff: StaffId::new(2),
        client: None,
    };
    run(service.refund_by_staff(refund(Some(50_000)))).unwrap();
    let too_much = run(service.refund_by_staff(refund(Some(100_001))));
    assert!(
        matches!(too_much, Err(StaffRefundError::MoreThanRefundable { .. })),
        "{too_much:?}"
    );
    run(service.refund_by_staff(refund(None))).unwrap();
    assert_eq!(
        gateway.calls(),
        vec![
            "refund pi_1 50000 refund-1-1".to_owned(),
            "refund pi_1 100000 refund-1-2".to_owned()
        ]
    );
    assert_eq!(store.only().payment.state, PaymentState::Refunded);
    let no_reason = StaffRefund {
        reason: " ".into(),
        ..refund(None)
    };
    assert!(matches!(
        run(service.refund_by_staff(no_reason)),
        Err(StaffRefundError::ReasonMissing)
    ));
}

#[test]
fn a_cancellation_refunds_what_the_policy_gives_back() {
    let store = Arc::new(FakeStore::paid());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), "50%".parse().unwrap());
    let quote = run(service.cancellation_refund_quote(APPOINTMENT, PATIENT)).unwrap();
    assert_eq!(quote, Some(bdt(75_000)));
    let outcome = run(service.refund_after_cancellation(APPOINTMENT, PATIENT)).unwrap();
    assert!(matches!(outcome, CancellationRefund::Issued { amount, .. } if amount == bdt(75_000)));
    assert_eq!(
        gateway.calls(),
        vec!["refund pi_1 75000 refund-1-1".to_owned()]
    );
    let none = payments(
        Arc::new(FakeStore::paid()),
        gateway.clone(),
        RefundPolicy::None,
    );
    let nothing = run(none.refund_after_cancellation(APPOINTMENT, PATIENT)).unwrap();
    assert_eq!(nothing, CancellationRefund::NothingDue);
    assert_eq!(gateway.calls().len(), 1, "no refund asked under \"none\"");
}

#[test]
fn a_lapsed_hold_closes_its_open_checkout_at_the_provider() {
    let store = Arc::new(FakeStore::default());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone(), RefundPolicy::Full);
    let nothing = run(service.close_expired_checkout(APPOINTMENT)).unwrap();
    assert_eq!(nothing, super::CheckoutClosed::NothingOpen);
    run(service.start_payment(start(PATIENT, None))).unwrap();
    let closed = run(service.close_expired_checkout(APPOINTMENT)).unwrap();
    assert_eq!(closed, super::CheckoutClosed::Closed);
    assert_eq!(
        gateway.calls().last().map(String::as_str),
        Some("expire_checkout cs_1")
    );
}

#[test]
fn the_history_pages_in_the_store_and_a_page_past_the_last_shows_the_last() {
    use super::HISTORY_PER_PAGE;
    use crate::model::Payment;
    let store = Arc::new(FakeStore::paid());
    let first = store.only();
    for n in 2..=HISTORY_PER_PAGE + 5 {
        let mut record = first.clone();
        record.payment = Payment::new(PaymentId::new(n), APPOINTMENT, Provider::Stripe, bdt(FEE));
        store.payments.lock().unwrap().push(record);
    }
    let service = payments(store, Arc::new(FakeGateway::new()), RefundPolicy::Full);
    let one = run(service.history(PATIENT, 1)).unwrap();
    assert_eq!(
        (one.page, one.pages, one.total),
        (1, 2, HISTORY_PER_PAGE + 5)
    );
    assert_eq!(one.rows.len() as i64, HISTORY_PER_PAGE);
    let past = run(service.history(PATIENT, 40)).unwrap();
    assert_eq!(past.page, 2);
    assert_eq!(past.rows.len(), 5);
    assert_eq!(run(service.history(PATIENT, -3)).unwrap().page, 1);
}
