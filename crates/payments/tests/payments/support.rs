//! Requests the domain sends, shared by the providers' tests.

use consulta_domain::model::{AppointmentId, Currency, Money, PaymentId};
use consulta_domain::ports::{CheckoutRequest, ReturnParams, WebhookRequest};

pub fn money(minor: i64, currency: &str) -> Money {
    Money::new(minor, Currency::parse(currency).unwrap())
}

/// Payment 7 of appointment 42, 1,500.00 in `currency`.
pub fn checkout(currency: &str) -> CheckoutRequest {
    CheckoutRequest {
        payment: PaymentId::new(7),
        appointment: AppointmentId::new(42),
        amount: money(150_000, currency),
        description: "Consultation, Dr. Rahman, 5 Jan 2026 10:00".into(),
        customer_email: Some("patient@example.org".into()),
        return_url: "https://clinic.example/payments/return/x".into(),
        cancel_url: "https://clinic.example/appointments/42/pay".into(),
        expires_at: None,
        idempotency_key: "checkout-7".into(),
    }
}

pub fn webhook(body: &str, headers: &[(&str, &str)]) -> WebhookRequest {
    WebhookRequest {
        body: body.as_bytes().to_vec(),
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

pub fn params(pairs: &[(&str, &str)]) -> ReturnParams {
    ReturnParams(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

pub fn at(unix: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(unix).unwrap()
}
