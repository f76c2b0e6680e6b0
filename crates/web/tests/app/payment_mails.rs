//! The patient's payment mails end to end, on a test clock and a scripted
//! gateway: a payment that failed, a hold that ran out, a late payment
//! refunded because its slot was gone; and "Pay now" in the confirmation and
//! reminders while an appointment confirmed at once is unpaid.

use crate::helpers::*;
use async_trait::async_trait;
use consulta_domain::model::{Currency, Money, Provider};
use consulta_domain::ports::{
    Checkout, CheckoutRequest, PaymentError, PaymentEvent, PaymentEventKind, PaymentGateway,
    ProviderRefund, RefundRequest, RefundStatus, ReturnParams, VerifiedWebhook, WebhookRejected,
    WebhookRequest,
};
use consulta_domain::services::payments::Gateways;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};

/// A gateway whose lookup answers what the test says; refunds succeed at
/// once; checkouts cannot be closed (as at Razorpay).
#[derive(Default)]
pub struct ScriptedGateway {
    lookup: Mutex<Option<PaymentEventKind>>,
    refunds: Mutex<Vec<String>>,
}

impl ScriptedGateway {
    fn answer(&self, kind: PaymentEventKind) {
        *self.lookup.lock().unwrap() = Some(kind);
    }
}

#[async_trait]
impl PaymentGateway for ScriptedGateway {
    fn provider(&self) -> Provider {
        Provider::Stripe
    }

    async fn start_checkout(&self, _: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        Err(PaymentError::Unsupported {
            provider: "scripted",
            what: "open a checkout",
        })
    }

    async fn verify_webhook(
        &self,
        _: &WebhookRequest,
        _: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        Err(WebhookRejected::BadSignature)
    }

    fn return_ref(&self, _: &ReturnParams) -> Option<String> {
        None
    }

    async fn confirm_return(
        &self,
        _: &str,
        _: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        Err(PaymentError::Unproven("scripted".into()))
    }

    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        let kind = self
            .lookup
            .lock()
            .unwrap()
            .clone()
            .unwrap_or(PaymentEventKind::Pending);
        Ok(PaymentEvent {
            event_id: None,
            provider_ref: Some(provider_ref.to_owned()),
            payment: None,
            kind,
        })
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        let mut refunds = self.refunds.lock().unwrap();
        refunds.push(request.idempotency_key.clone());
        Ok(ProviderRefund {
            refund_ref: format!("re_scripted_{}", refunds.len()),
            amount: request.amount,
            status: RefundStatus::Succeeded,
        })
    }

    async fn expire_checkout(&self, _: &str) -> Result<(), PaymentError> {
        Err(PaymentError::Unsupported {
            provider: "scripted",
            what: "close a checkout",
        })
    }
}

pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn parsed_mails(app: &TestApp) -> Vec<Mail> {
    app.mails()
        .iter()
        .map(|raw| {
            let message = mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap();
            Mail {
                to: message
                    .to()
                    .and_then(|to| to.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
                // minijinja escapes '/' in HTML; mail readers read it back.
                html: message
                    .body_html(0)
                    .unwrap_or_default()
                    .replace("&#x2f;", "/"),
            }
        })
        .collect()
}

fn mails_about(app: &TestApp, subject: &str) -> Vec<Mail> {
    parsed_mails(app)
        .into_iter()
        .filter(|m| m.subject.contains(subject))
        .collect()
}

fn bdt(minor: i64) -> Money {
    Money::new(minor, Currency::parse("BDT").unwrap())
}

async fn scripted_app(extra: &str) -> (TestApp, TestClock, Arc<ScriptedGateway>) {
    let clock = TestClock::new();
    let gateway = Arc::new(ScriptedGateway::default());
    let adapters = consulta_web::Adapters {
        gateways: Some(Gateways::new(vec![gateway.clone()])),
        ..test_adapters(&clock)
    };
    let app = spawn_app_using(&format!("{TRUSTED_PROXY}{extra}"), adapters).await;
    (app, clock, gateway)
}

/// The newest appointment's id.
fn newest_appointment(app: &TestApp) -> i64 {
    app.count("SELECT MAX(id) AS n FROM appointments")
}

/// A Stripe checkout left pending for the appointment, as the pay page leaves it.
fn pending_payment(app: &TestApp, appointment: i64, at: Timestamp) {
    let at = at.as_second();
    app.execute(&format!(
        "INSERT INTO payments (appointment_id, amount, currency, payment_method, status, \
         created_at, provider_ref, updated_at) SELECT id, amount, 'BDT', 'stripe', 'pending', \
         {at}, 'cs_test_{appointment}', {at} FROM appointments WHERE id = {appointment}"
    ));
    app.execute(&format!(
        "UPDATE appointments SET payment_status = 'pending' WHERE id = {appointment}"
    ));
}

#[tokio::test]
async fn a_failed_payment_is_mailed_once_with_the_way_to_try_again() {
    let (app, clock, gateway) = scripted_app(
        "payments.policy = \"before\"\npayments.hold_minutes = 60\npayments.reconcile_after_minutes = 5\n",
    )
    .await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Fever")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let id = newest_appointment(&app);
    pending_payment(&app, id, clock.now());
    gateway.answer(PaymentEventKind::Failed {
        reason: "card declined".into(),
    });

    app.pass(
        &clock,
        SignedDuration::from_mins(12),
        SignedDuration::from_mins(1),
    )
    .await;

    let failed = mails_about(&app, "did not go through");
    assert_eq!(
        failed.len(),
        1,
        "one mail for the failure, however often swept"
    );
    let mail = &failed[0];
    assert_eq!(mail.to, "patient1@example.com");
    let pay = format!("/appointments/{id}/pay");
    for part in [&mail.text, &mail.html] {
        assert!(part.contains(&pay), "the way to try again: {part}");
        assert!(part.contains("We keep the time for you until"), "{part}");
        assert!(part.contains("Dr. Test Doctor"), "{part}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM payments WHERE status = 'failed'"),
        1
    );
}

#[tokio::test]
async fn a_lapsed_hold_is_mailed_and_a_late_payment_for_a_slot_given_away_is_refunded_and_mailed() {
    let (app, clock, gateway) =
        scripted_app("payments.policy = \"before\"\npayments.reconcile_after_minutes = 20\n").await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let first = app.patient(1).await;
    let start = at(3, "09:00");
    app.book_with(&first, doctor, &start, "Fever").await;
    let late = newest_appointment(&app);
    pending_payment(&app, late, clock.now());

    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(1),
    )
    .await;
    let released = mails_about(&app, "was released");
    assert_eq!(released.len(), 1, "the hold ran out: one mail");
    let book_again = format!("/book?doctor_id={doctor}");
    for part in [&released[0].text, &released[0].html] {
        assert!(part.contains("released"), "{part}");
        assert!(
            part.contains(&book_again),
            "book again at that doctor: {part}"
        );
    }
    // Someone else takes the slot; then the first patient's money arrives.
    let second = app.patient(2).await;
    let taken = app.book_with(&second, doctor, &start, "Cough").await;
    assert_eq!(taken.status(), StatusCode::SEE_OTHER);
    gateway.answer(PaymentEventKind::Paid {
        amount: bdt(150_000),
        transaction_ref: "pi_late".into(),
    });
    app.pass(
        &clock,
        SignedDuration::from_mins(10),
        SignedDuration::from_mins(1),
    )
    .await;

    let refunded = mails_about(&app, "the time was no longer free");
    assert_eq!(refunded.len(), 1, "one mail for the late refund");
    assert_eq!(refunded[0].to, "patient1@example.com");
    for part in [&refunded[0].text, &refunded[0].html] {
        assert!(part.contains(&bdt(150_000).display()), "the amount: {part}");
        assert!(part.contains("not confirmed"), "{part}");
        assert!(part.contains(&book_again), "{part}");
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {late} AND status = 'expired' \
             AND payment_status = 'refunded'"
        )),
        1
    );
    assert!(
        mails_about(&app, "did not go through").is_empty(),
        "no failure mail"
    );
}

#[tokio::test]
async fn an_unpaid_appointment_confirmed_at_once_offers_pay_now_until_it_is_paid() {
    let clock = TestClock::new();
    let app = spawn_app_using(
        &format!("{TRUSTED_PROXY}reminders.hours_before = [24]\n"),
        test_adapters(&clock),
    )
    .await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let start = at(3, "09:00");
    app.book_with(&patient, doctor, &start, "Unpaid").await;
    let unpaid = newest_appointment(&app);
    app.book_with(&patient, doctor, &at(3, "10:00"), "Paid at the desk")
        .await;
    let paid = newest_appointment(&app);
    app.settle(clock.now()).await;
    let confirmations = mails_about(&app, "onfirmed");
    assert_eq!(confirmations.len(), 2);
    for mail in &confirmations {
        assert!(mail.text.contains("Pay now"), "{}", mail.text);
        assert!(mail.html.contains("Pay now"), "{}", mail.html);
    }
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{paid}"))
        .await;
    let recorded = app
        .post_raw(
            &admin,
            &format!("/admin/appointments/{paid}/clinic-payment"),
            &[
                ("method", "cash"),
                ("reference", "R-1"),
                ("csrf_token", &csrf_from(&page)),
            ],
        )
        .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);

    let starts_at: Timestamp = start.parse().unwrap();
    let until = starts_at - SignedDuration::from_hours(23);
    app.pass(
        &clock,
        until.duration_since(clock.now()),
        SignedDuration::from_hours(4),
    )
    .await;
    let reminders = mails_about(&app, "Reminder");
    assert_eq!(reminders.len(), 2, "both reminders went out");
    let pay = |id: i64| format!("/appointments/{id}/pay");
    let unpaid_reminder = reminders
        .iter()
        .find(|m| m.text.contains(&format!("/appointments/{unpaid}")))
        .unwrap();
    assert!(unpaid_reminder.text.contains(&pay(unpaid)));
    assert!(unpaid_reminder.html.contains(&pay(unpaid)));
    let paid_reminder = reminders
        .iter()
        .find(|m| m.text.contains(&format!("/appointments/{paid}")))
        .unwrap();
    assert!(
        !paid_reminder.text.contains("/pay"),
        "{}",
        paid_reminder.text
    );
    assert!(!paid_reminder.html.contains("Pay now"));
}

#[tokio::test]
async fn no_pay_now_when_the_clinic_takes_no_online_payment() {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}payments.enabled = false\n")).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "Cash only")
        .await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_confirmation' AND state = 'done'",
        1,
    )
    .await;
    let confirmation = mails_about(&app, "onfirmed");
    assert_eq!(confirmation.len(), 1);
    assert!(
        !confirmation[0].text.contains("/pay"),
        "{}",
        confirmation[0].text
    );
    assert!(!confirmation[0].html.contains("Pay now"));
}

#[tokio::test]
async fn a_late_payment_for_a_slot_still_free_confirms_it_and_the_confirmation_says_so() {
    let (app, clock, gateway) =
        scripted_app("payments.policy = \"before\"\npayments.reconcile_after_minutes = 20\n").await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "Fever")
        .await;
    let id = newest_appointment(&app);
    pending_payment(&app, id, clock.now());
    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(1),
    )
    .await;
    assert_eq!(mails_about(&app, "was released").len(), 1);
    gateway.answer(PaymentEventKind::Paid {
        amount: bdt(150_000),
        transaction_ref: "pi_late".into(),
    });
    app.pass(
        &clock,
        SignedDuration::from_mins(10),
        SignedDuration::from_mins(1),
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed' \
             AND payment_status = 'paid'"
        )),
        1
    );
    let confirmed = mails_about(&app, "is confirmed");
    assert_eq!(confirmed.len(), 1);
    for part in [&confirmed[0].text, &confirmed[0].html] {
        assert!(part.contains("the time was still free"), "{part}");
        assert!(!part.contains("Pay now"), "paid: {part}");
    }
    assert!(mails_about(&app, "no longer free").is_empty(), "no refund");
}
