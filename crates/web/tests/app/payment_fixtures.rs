//! Paid appointments for the invoice and refund tests: paid as a patient
//! pays (the pay page, Pay on the TEST MODE page, its signed webhook over
//! HTTP), or, where the app's gateway is a fake that cannot take payments,
//! through the store's write that a verified webhook takes (the Paid
//! transition with its invoice and receipt job in one transaction); and a
//! gateway that is down, for refunds that must be tried again later.

use crate::helpers::*;
use crate::payment_support::{post_pay, sim_ref_of, test_page_press};
use async_trait::async_trait;
use consulta_domain::model::{AppointmentId, InvoiceNumber, PatientId, PaymentId, Provider};
use consulta_domain::ports::{
    Checkout, CheckoutRequest, EventEffect, EventOutcome, EventToApply, OpenOutcome, OpenPayment,
    PaymentError, PaymentEvent, PaymentEventKind, PaymentGateway, PaymentStore, ProviderRefund,
    RefundRequest, ReturnParams, VerifiedWebhook, WebhookRejected, WebhookRequest,
};
use consulta_domain::services::jobs::receipt_mail;
use consulta_persistence::{DataKey, Database, DatabaseOptions, SqliteStore};
use jiff::Timestamp;
use reqwest::{Client, StatusCode};
use std::sync::Arc;

/// A second handle on the app's database file, as another process would open it.
pub async fn payment_store(app: &TestApp) -> Arc<dyn PaymentStore> {
    let key = std::fs::read_to_string(app.dir.path().join("data.key")).unwrap();
    let options = DatabaseOptions {
        data_key: Some(DataKey::from_base64(key.trim()).unwrap()),
        ..DatabaseOptions::default()
    };
    let db = Database::open_async(app.db_path(), options).await.unwrap();
    SqliteStore::new(db).unwrap().ports().payments
}

/// The appointment id in a booking's redirect (`/appointments/{id}`).
pub fn appointment_of(url: &str) -> i64 {
    url.rsplit('/').next().unwrap().parse().unwrap()
}

/// The patient pays the appointment in full through the TEST MODE checkout;
/// returns the payment and its invoice.
pub async fn pay(app: &TestApp, patient: &Client, appointment: i64) -> (PaymentId, InvoiceNumber) {
    let opened = post_pay(app, patient, appointment, &[]).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER, "to the checkout");
    let pressed = test_page_press(app, patient, &sim_ref_of(&opened), "pay").await;
    assert!(pressed.status().is_redirection(), "back from the checkout");
    let paid = format!("SELECT COUNT(*) AS n FROM invoices WHERE appointment_id = {appointment}");
    app.eventually(&paid, 1).await;
    let of = |column: &str| {
        app.count(&format!(
            "SELECT {column} AS n FROM invoices WHERE appointment_id = {appointment}"
        ))
    };
    let invoice = InvoiceNumber::new(
        i16::try_from(of("year")).unwrap(),
        u32::try_from(of("sequence")).unwrap(),
    )
    .unwrap();
    (PaymentId::new(of("payment_id")), invoice)
}

/// Pays the appointment through the store's Paid write, as a verified
/// webhook would, for apps whose gateway cannot take a payment.
pub async fn pay_through_store(app: &TestApp, appointment: i64) -> (PaymentId, InvoiceNumber) {
    let store = payment_store(app).await;
    let patient = app.count(&format!(
        "SELECT patient_id AS n FROM appointments WHERE id = {appointment}"
    ));
    let now = Timestamp::now();
    let open_for = AppointmentId::new(appointment);
    let open = OpenPayment {
        appointment: open_for,
        patient: PatientId::new(patient),
        provider: Provider::Simulated,
        now,
    };
    let record = match store.open_payment(open).await.unwrap() {
        OpenOutcome::Created(record) | OpenOutcome::Open(record) => record,
    };
    let id = record.payment.id;
    let sim_ref = format!("sim_{id}");
    store.record_checkout(id, &sim_ref, now).await.unwrap();
    let event = PaymentEvent {
        event_id: Some(format!("evt_test_{id}")),
        provider_ref: Some(sim_ref.clone()),
        payment: Some(id),
        kind: PaymentEventKind::Paid {
            amount: record.payment.amount,
            transaction_ref: sim_ref,
        },
    };
    let apply = EventToApply {
        provider: Provider::Simulated,
        event,
        on_confirmed: Vec::new(),
        on_paid: vec![receipt_mail(id, PatientId::new(patient), open_for, now)],
        on_failed: Vec::new(),
        on_refunded: Vec::new(),
        now,
    };
    match store.apply_payment_event(apply).await.unwrap() {
        EventOutcome::Recorded {
            effect: EventEffect::Paid { invoice, .. },
            ..
        } => (id, invoice),
        other => panic!("expected the payment to be paid, got {other:?}"),
    }
}

/// A simulated gateway whose refunds find the provider down.
pub struct DownGateway;

#[async_trait]
impl PaymentGateway for DownGateway {
    fn provider(&self) -> Provider {
        Provider::Simulated
    }

    async fn start_checkout(&self, _: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        Err(PaymentError::temporary("down"))
    }

    async fn verify_webhook(
        &self,
        _: &WebhookRequest,
        _: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        Err(WebhookRejected::Malformed("down".into()))
    }

    fn return_ref(&self, _: &ReturnParams) -> Option<String> {
        None
    }

    async fn confirm_return(
        &self,
        _: &str,
        _: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        Err(PaymentError::temporary("down"))
    }

    async fn lookup(&self, _: &str) -> Result<PaymentEvent, PaymentError> {
        Err(PaymentError::temporary("down"))
    }

    async fn refund(&self, _: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        Err(PaymentError::temporary("connection refused"))
    }

    async fn expire_checkout(&self, _: &str) -> Result<(), PaymentError> {
        Err(PaymentError::temporary("down"))
    }
}
