//! The patient's payment mails enqueued in the write that causes them, once:
//! a failure, a refund, a hold released by a booking that needed its slot;
//! and a payment taken at the clinic going through the same Paid write.

use crate::fixtures::{booked, booking, doctor, now, patients};
use crate::payment_fixtures::{apply_at, bdt, count, effect, event, held_with_checkout, paid, FEE};
use crate::support::test_db;
use consulta_domain::model::{
    Actor, AppointmentStatus, ClinicMethod, JobKind, NewJob, PaymentStatus,
};
use consulta_domain::ports::{
    AfterPayment, ClinicPaymentToRecord, EventEffect, NewBooking, PaymentEventKind,
    PaymentStoreError, RefundToRecord, StatusChange,
};
use consulta_domain::services::jobs::effects::{on_payment_failed, on_refunded, RefundCause};
use jiff::SignedDuration;

fn jobs(t: &crate::support::TestDb, kind: JobKind) -> i64 {
    count(
        t,
        &format!("SELECT count(*) AS n FROM outbox_jobs WHERE kind = '{kind}'"),
    )
}

#[tokio::test]
async fn a_failed_payment_enqueues_the_patients_mail_once() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    for id in ["evt_f1", "evt_f2"] {
        let failed = PaymentEventKind::Failed {
            reason: "card declined".into(),
        };
        let mut apply = apply_at(event(id, appointment, failed), now());
        apply.on_failed = on_payment_failed(payment, p, now());
        t.ports.payments.apply_payment_event(apply).await.unwrap();
    }
    assert_eq!(jobs(&t, JobKind::SendPaymentFailed), 1);
    assert_eq!(
        count(
            &t,
            &format!(
                "SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'send_payment_failed' \
                 AND appointment_id = {appointment} AND patient_id = {p} AND payload = 'payment {payment}'"
            )
        ),
        1,
        "about the appointment, to the patient, naming the payment"
    );
    // Paid on a later attempt: no failure mail more.
    let mut apply = apply_at(event("evt_p", appointment, paid(bdt(FEE))), now());
    apply.on_failed = on_payment_failed(payment, p, now());
    t.ports.payments.apply_payment_event(apply).await.unwrap();
    assert_eq!(jobs(&t, JobKind::SendPaymentFailed), 1);
}

#[tokio::test]
async fn each_recorded_refund_enqueues_its_mail_and_a_repeat_none() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (appointment, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let e = event("evt_paid", appointment, paid(bdt(FEE)));
    t.ports
        .payments
        .apply_payment_event(apply_at(e, now()))
        .await
        .unwrap();
    let refund = |reference: &str| RefundToRecord {
        payment,
        refund_ref: reference.into(),
        amount: bdt(50_000),
        reason: "Doctor late".into(),
        by: Actor::System,
        now: now(),
        jobs: on_refunded(payment, p, reference, RefundCause::Issued, now()),
    };
    t.ports
        .payments
        .record_refund(refund("re_1"))
        .await
        .unwrap();
    t.ports
        .payments
        .record_refund(refund("re_1"))
        .await
        .unwrap();
    assert_eq!(
        jobs(&t, JobKind::SendRefund),
        1,
        "a repeat enqueues nothing"
    );
    // A refund the provider reports by its webhook.
    let kind = PaymentEventKind::Refund {
        refund_ref: "re_2".into(),
        amount: bdt(50_000),
        status: consulta_domain::ports::RefundStatus::Succeeded,
        transaction_ref: None,
    };
    let mut apply = apply_at(event("evt_refund", appointment, kind), now());
    apply.on_refunded = on_refunded(payment, p, "re_2", RefundCause::Issued, now());
    t.ports.payments.apply_payment_event(apply).await.unwrap();
    assert_eq!(jobs(&t, JobKind::SendRefund), 2);
    assert_eq!(
        count(
            &t,
            &format!(
                "SELECT count(*) AS n FROM outbox_jobs WHERE payload = 'refund {payment} re_2'"
            )
        ),
        1
    );
}

#[tokio::test]
async fn a_booking_that_releases_a_lapsed_hold_tells_its_patient_and_closes_its_checkout() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let ps = patients(&t, 2).await;
    let start = "2026-06-02T03:00:00Z";
    let (held, _) = held_with_checkout(&t, ps[0], d, start).await;
    let later = now() + SignedDuration::from_mins(11);
    let taken = NewBooking {
        now: later,
        ..booking(ps[1], d, start, 30)
    };
    booked(t.ports.booking.book(taken).await.unwrap());
    let a = t.ports.booking.appointment(held).await.unwrap().unwrap();
    assert_eq!(a.status, AppointmentStatus::Expired);
    for kind in [JobKind::SendHoldExpired, JobKind::CloseCheckout] {
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) AS n FROM outbox_jobs WHERE kind = '{kind}' AND appointment_id = {held}"
                )
            ),
            1,
            "{kind}"
        );
    }
}

fn at_the_desk(
    appointment: consulta_domain::model::AppointmentId,
    reference: &str,
) -> ClinicPaymentToRecord {
    ClinicPaymentToRecord {
        appointment,
        method: ClinicMethod::Cash,
        reference: reference.into(),
        on_confirmed: vec![NewJob::for_appointment(JobKind::CreateMeeting, now())],
        now: now(),
    }
}

#[tokio::test]
async fn a_payment_at_the_clinic_goes_through_the_paid_write_once() {
    let t = test_db();
    let d = doctor(&t, "Dr Desk").await;
    let p = patients(&t, 1).await[0];
    let confirmed = booked(
        t.ports
            .booking
            .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let outcome = t
        .ports
        .clinic_payments
        .record_clinic_payment(at_the_desk(confirmed, "R-17"))
        .await
        .unwrap();
    let EventEffect::Paid {
        invoice,
        appointment,
    } = effect(outcome)
    else {
        panic!("not paid");
    };
    assert_eq!(appointment, AfterPayment::AlreadyConfirmed);
    assert_eq!(invoice.to_string(), "INV-2026-000001");
    let a = t
        .ports
        .booking
        .appointment(confirmed)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.payment_status, PaymentStatus::Paid);
    assert_eq!(
        count(
            &t,
            "SELECT count(*) AS n FROM payments WHERE payment_method = 'clinic' AND status = 'paid' \
             AND amount = 150000 AND transaction_id = 'R-17' AND provider_ref LIKE 'cash-%' \
             AND payment_date IS NOT NULL"
        ),
        1
    );
    assert_eq!(jobs(&t, JobKind::SendReceipt), 1);
    let again = t
        .ports
        .clinic_payments
        .record_clinic_payment(at_the_desk(confirmed, "R-18"))
        .await;
    assert!(
        matches!(again, Err(PaymentStoreError::AlreadyPaid)),
        "{again:?}"
    );
    assert_eq!(count(&t, "SELECT count(*) AS n FROM invoices"), 1);
}

#[tokio::test]
async fn a_payment_at_the_clinic_confirms_a_hold_and_cancels_its_open_checkout() {
    let t = test_db();
    let d = doctor(&t, "Dr Desk").await;
    let p = patients(&t, 1).await[0];
    let (held, online) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    let outcome = t
        .ports
        .clinic_payments
        .record_clinic_payment(at_the_desk(held, "R-1"))
        .await
        .unwrap();
    assert!(matches!(
        effect(outcome),
        EventEffect::Paid {
            appointment: AfterPayment::Confirmed,
            ..
        }
    ));
    let a = t.ports.booking.appointment(held).await.unwrap().unwrap();
    assert_eq!(a.status, AppointmentStatus::Confirmed);
    assert_eq!(jobs(&t, JobKind::CreateMeeting), 1);
    let stripe = t.ports.payments.payment(online).await.unwrap().unwrap();
    assert_eq!(
        stripe.payment.state,
        consulta_domain::model::PaymentState::Cancelled
    );
    // A late success of the cancelled checkout is flagged, not a second payment.
    let late = event("evt_late", held, paid(bdt(FEE)));
    let effect_late = effect(
        t.ports
            .payments
            .apply_payment_event(apply_at(late, now()))
            .await
            .unwrap(),
    );
    assert!(
        matches!(effect_late, EventEffect::Flagged { .. }),
        "{effect_late:?}"
    );
    assert_eq!(count(&t, "SELECT count(*) AS n FROM invoices"), 1);
}

#[tokio::test]
async fn a_cancelled_appointment_cannot_be_paid_at_the_clinic() {
    let t = test_db();
    let d = doctor(&t, "Dr Desk").await;
    let p = patients(&t, 1).await[0];
    let id = booked(
        t.ports
            .booking
            .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let a = t.ports.booking.appointment(id).await.unwrap().unwrap();
    t.ports
        .booking
        .change_status(StatusChange {
            id,
            from: a.status,
            to: AppointmentStatus::Cancelled,
            cancelled_by: Some(consulta_domain::model::CancelledBy::Patient),
            note: None,
            by: Actor::Patient(p),
            now: now(),
            jobs: Vec::new(),
        })
        .await
        .unwrap();
    let refused = t
        .ports
        .clinic_payments
        .record_clinic_payment(at_the_desk(id, "R-2"))
        .await;
    assert!(
        matches!(refused, Err(PaymentStoreError::NotPayable)),
        "{refused:?}"
    );
    assert_eq!(count(&t, "SELECT count(*) AS n FROM payments"), 0);
}
