//! The patient's payment mails each payment write is handed: a failure, a
//! refund (by staff, after a cancellation, of a late payment), and the desk
//! refund of a payment taken at the clinic, which asks no gateway.

use super::fake_gateway::{paid_event, FakeGateway};
use super::fake_store::{bdt, record, FakeAudit, FakeStore, FixedClock, APPOINTMENT, FEE, PATIENT};
use super::{
    CancellationRefundError, Gateways, PaymentPolicy, PaymentPorts, Payments, RefundPolicy,
    StaffRefund,
};
use crate::model::{
    AccountRef, Dedupe, Job, JobId, JobKind, JobOutcome, JobPayload, JobState, Payment, PaymentId,
    PaymentState, Provider, StaffId,
};
use crate::ports::{PaymentEventKind, VerifiedWebhook, WebhookRequest};
use std::sync::Arc;

fn payments(store: Arc<FakeStore>, gateway: Arc<FakeGateway>) -> Payments {
    let ports = PaymentPorts {
        store,
        gateways: Gateways::new(vec![gateway]),
        clock: Arc::new(FixedClock),
        audit: Arc::new(FakeAudit::default()),
    };
    Payments::new(
        ports,
        PaymentPolicy {
            refund_policy: RefundPolicy::Full,
            ..PaymentPolicy::default()
        },
    )
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("a fake waited"),
    }
}

/// A payment of `provider`, pending at the provider (checkout `cs_1`).
fn pending(provider: Provider) -> FakeStore {
    let store = FakeStore::default();
    let mut payment = Payment::new(PaymentId::new(1), APPOINTMENT, provider, bdt(FEE));
    payment.state = PaymentState::Pending;
    payment.provider_ref = Some("cs_1".into());
    store.payments.lock().unwrap().push(record(payment));
    store
}

/// A payment taken at the desk in cash under reference `R-17`.
fn paid_at_clinic() -> FakeStore {
    let store = FakeStore::default();
    let mut payment = Payment::new(PaymentId::new(1), APPOINTMENT, Provider::Clinic, bdt(FEE));
    payment.state = PaymentState::Paid;
    payment.provider_ref = Some("cash-1".into());
    payment.transaction_ref = Some("R-17".into());
    store.payments.lock().unwrap().push(record(payment));
    store
}

#[test]
fn a_failed_payment_hands_its_write_one_mail_to_the_patient_and_a_paid_one_its_receipt() {
    let store = Arc::new(pending(Provider::Stripe));
    let mut gateway = FakeGateway::new();
    let mut failed = paid_event(Some("evt_failed"));
    failed.kind = PaymentEventKind::Failed {
        reason: "card declined".into(),
    };
    gateway.webhook = Ok(VerifiedWebhook::Event(failed));
    let service = payments(store.clone(), Arc::new(gateway));
    run(service.apply_webhook(Provider::Stripe, &WebhookRequest::default())).unwrap();
    let applied = store.applied.lock().unwrap();
    let mail = &applied[0].on_failed;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0].kind, JobKind::SendPaymentFailed);
    assert_eq!(
        mail[0].payload,
        JobPayload::Payment {
            id: PaymentId::new(1)
        }
    );
    assert_eq!(mail[0].account, Some(AccountRef::Patient(PATIENT)));
    assert_eq!(
        mail[0].dedupe,
        Dedupe::Key("payment_failed:1".into()),
        "once per payment"
    );
    assert!(applied[0].on_refunded.is_empty());
    let receipt = &applied[0].on_paid;
    assert_eq!(receipt[0].kind, JobKind::SendReceipt);
    assert_eq!(
        receipt[0].payload,
        JobPayload::Payment {
            id: PaymentId::new(1)
        },
        "the receipt names the payment it is for"
    );
}

#[test]
fn every_staff_refund_is_recorded_with_its_own_refund_mail() {
    let store = Arc::new(FakeStore::paid());
    let service = payments(store.clone(), Arc::new(FakeGateway::new()));
    for minor in [Some(50_000), None] {
        run(service.refund_by_staff(StaffRefund {
            payment: PaymentId::new(1),
            amount: minor.map(bdt),
            reason: "Doctor ill".into(),
            staff: StaffId::new(2),
            client: None,
        }))
        .unwrap();
    }
    let refunds = store.refunds.lock().unwrap();
    let mails: Vec<(JobKind, JobPayload, Dedupe)> = refunds
        .iter()
        .flat_map(|r| r.jobs.iter())
        .map(|j| (j.kind, j.payload.clone(), j.dedupe.clone()))
        .collect();
    let refs: Vec<String> = refunds.iter().map(|r| r.refund_ref.clone()).collect();
    assert_eq!(mails.len(), 2, "{mails:?}");
    for ((kind, payload, dedupe), refund_ref) in mails.into_iter().zip(refs) {
        assert_eq!(kind, JobKind::SendRefund);
        assert_eq!(
            payload,
            JobPayload::Refund {
                payment: PaymentId::new(1),
                refund_ref: refund_ref.clone()
            }
        );
        assert_eq!(dedupe, Dedupe::Key(format!("refund_mail:1:{refund_ref}")));
    }
}

#[test]
fn a_late_payment_whose_slot_was_gone_is_refunded_with_the_late_refund_mail() {
    let store = Arc::new(FakeStore::paid());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone());
    let now = super::fake_store::now();
    let job = Job {
        id: JobId::new(5),
        kind: JobKind::RefundPayment,
        appointment: Some(APPOINTMENT),
        account: None,
        payload: JobPayload::Payment {
            id: PaymentId::new(1),
        },
        attempts: 0,
        run_at: now,
        state: JobState::Pending,
        last_error: None,
        locked_until: None,
        created_at: now,
    };
    assert_eq!(run(service.run_job(&job)), JobOutcome::Done);
    let refunds = store.refunds.lock().unwrap();
    let kinds: Vec<JobKind> = refunds[0].jobs.iter().map(|j| j.kind).collect();
    assert_eq!(kinds, vec![JobKind::SendLateRefund]);
    assert_eq!(refunds[0].amount, bdt(FEE), "refunded in full");
}

#[test]
fn a_payment_taken_at_the_clinic_is_refunded_at_the_desk_by_staff_without_a_gateway() {
    let store = Arc::new(paid_at_clinic());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone());
    let refund = StaffRefund {
        payment: PaymentId::new(1),
        amount: Some(bdt(50_000)),
        reason: "Shorter consultation".into(),
        staff: StaffId::new(2),
        client: None,
    };
    run(service.refund_by_staff(refund.clone())).unwrap();
    assert!(gateway.calls().is_empty(), "{:?}", gateway.calls());
    assert_eq!(store.only().payment.state, PaymentState::PartiallyRefunded);
    let refunds = store.refunds.lock().unwrap().clone();
    assert_eq!(refunds[0].refund_ref, "desk-refund-1-1");
    assert_eq!(refunds[0].jobs[0].kind, JobKind::SendRefund);
    run(service.refund_by_staff(StaffRefund {
        amount: None,
        ..refund
    }))
    .unwrap();
    assert_eq!(store.only().payment.state, PaymentState::Refunded);
    assert_eq!(
        store.refunds.lock().unwrap()[1].refund_ref,
        "desk-refund-1-2"
    );
}

#[test]
fn a_patients_own_cancellation_of_a_clinic_payment_is_not_refunded_online() {
    let store = Arc::new(paid_at_clinic());
    let gateway = Arc::new(FakeGateway::new());
    let service = payments(store.clone(), gateway.clone());
    let outcome = run(service.refund_after_cancellation(APPOINTMENT, PATIENT));
    assert!(
        matches!(outcome, Err(CancellationRefundError::ProviderFailed(ref why)) if why.contains("desk")),
        "{outcome:?}"
    );
    assert!(gateway.calls().is_empty());
    assert!(store.refunds.lock().unwrap().is_empty());
    assert_eq!(store.only().payment.state, PaymentState::Paid);
}
