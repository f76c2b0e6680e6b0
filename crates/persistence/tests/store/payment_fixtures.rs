//! Held appointments with an open checkout, and provider events, for the payment tests.

use crate::fixtures::{booked, hold, now};
use crate::support::TestDb;
use consulta_domain::model::{
    AppointmentId, Currency, DoctorId, JobKind, Money, NewJob, PatientId, PaymentId, Provider,
};
use consulta_domain::ports::{
    EventOutcome, EventToApply, OpenOutcome, OpenPayment, PaymentEvent, PaymentEventKind,
};
use jiff::{SignedDuration, Timestamp};

pub const FEE: i64 = 150_000;

pub fn bdt(minor: i64) -> Money {
    Money::new(minor, Currency::parse("BDT").unwrap())
}

/// The hold every payment test books with: ten minutes from `now()`.
pub fn hold_until() -> Timestamp {
    now() + SignedDuration::from_mins(10)
}

/// Books `start` for the patient held until `hold_until()`, opens a Stripe
/// payment and its checkout `cs_<appointment>`.
pub async fn held_with_checkout(
    t: &TestDb,
    patient: PatientId,
    doctor: DoctorId,
    start: &str,
) -> (AppointmentId, PaymentId) {
    let appointment = booked(
        t.ports
            .booking
            .book(hold(patient, doctor, start, 30, hold_until()))
            .await
            .unwrap(),
    );
    let open = OpenPayment {
        appointment,
        patient,
        provider: Provider::Stripe,
        now: now(),
    };
    let payment = match t.ports.payments.open_payment(open).await.unwrap() {
        OpenOutcome::Created(record) => record.payment.id,
        other => panic!("expected a new payment, got {other:?}"),
    };
    t.ports
        .payments
        .record_checkout(payment, &checkout_of(appointment), now())
        .await
        .unwrap();
    (appointment, payment)
}

pub fn checkout_of(appointment: AppointmentId) -> String {
    format!("cs_{appointment}")
}

/// A Stripe webhook event about the appointment's checkout.
pub fn event(id: &str, appointment: AppointmentId, kind: PaymentEventKind) -> PaymentEvent {
    PaymentEvent {
        event_id: Some(id.to_owned()),
        provider_ref: Some(checkout_of(appointment)),
        payment: None,
        kind,
    }
}

pub fn paid(amount: Money) -> PaymentEventKind {
    PaymentEventKind::Paid {
        amount,
        transaction_ref: "pi_1".into(),
    }
}

/// The event applied at `at` with a confirmation job and a receipt job.
pub fn apply_at(event: PaymentEvent, at: Timestamp) -> EventToApply {
    EventToApply {
        provider: Provider::Stripe,
        event,
        on_confirmed: vec![NewJob::for_appointment(JobKind::CreateMeeting, at)],
        on_paid: vec![NewJob::for_appointment(JobKind::SendReceipt, at)],
        on_failed: Vec::new(),
        on_refunded: Vec::new(),
        now: at,
    }
}

pub fn effect(outcome: EventOutcome) -> consulta_domain::ports::EventEffect {
    match outcome {
        EventOutcome::Recorded { effect, .. } => effect,
        EventOutcome::AlreadyApplied => panic!("the event was applied before"),
    }
}

/// How many rows the SQL counts, on the test's own connection.
pub fn count(t: &TestDb, sql: &str) -> i64 {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<Count>(&mut t.raw())
        .unwrap()
        .n
}
