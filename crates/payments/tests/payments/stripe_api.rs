//! Stripe's API calls against a fake that checks what §2.2–§2.5 require.

use crate::forms::{form, form_has};
use crate::support::{checkout, money, params};
use consulta_domain::model::PaymentId;
use consulta_domain::ports::{CheckoutNext, PaymentError, PaymentEventKind, PaymentGateway};
use consulta_payments::{StripeConfig, StripeGateway, DEFAULT_STRIPE_API_BASE};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub fn stripe(server: &MockServer) -> StripeGateway {
    let mut config = StripeConfig::new(
        SecretString::from("sk_test_123"),
        SecretString::from("whsec_x"),
    );
    config.api_base = format!("{}/v1", server.uri());
    config.timeout = Duration::from_secs(1);
    StripeGateway::new(config).unwrap()
}

pub fn session(status: &str, payment_status: &str) -> serde_json::Value {
    json!({
        "id": "cs_test_0001", "object": "checkout.session",
        "url": "https://checkout.stripe.com/c/pay/cs_test_0001",
        "status": status, "payment_status": payment_status,
        "payment_intent": if payment_status == "paid" { json!("pi_test_0001") } else { json!(null) },
        "amount_total": 150000, "amount_subtotal": 150000, "currency": "bdt",
        "client_reference_id": "7", "customer_email": "patient@example.org",
        "metadata": {"appointment_id": "42", "payment_id": "7"},
        "expires_at": 1767312000, "created": 1767225600, "livemode": false, "mode": "payment"
    })
}

fn error(status: u16, kind: &str, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"error": {
        "type": kind, "code": code, "message": message, "param": null,
        "doc_url": format!("https://docs.stripe.com/error-codes/{code}"),
        "request_log_url": "https://dashboard.stripe.com/test/logs/req_1"
    }}))
}

#[test]
fn the_default_base_is_the_contracts_with_its_version_path() {
    assert_eq!(DEFAULT_STRIPE_API_BASE, "https://api.stripe.com/v1");
}

#[tokio::test]
async fn a_checkout_session_is_created_form_encoded_with_metadata_and_an_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .and(header("authorization", "Bearer sk_test_123"))
        .and(header("idempotency-key", "checkout-7"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(form_has(&[
            ("mode", "payment"),
            ("line_items[0][price_data][currency]", "bdt"),
            ("line_items[0][price_data][unit_amount]", "150000"),
            (
                "line_items[0][price_data][product_data][name]",
                "Consultation, Dr. Rahman, 5 Jan 2026 10:00",
            ),
            ("line_items[0][quantity]", "1"),
            (
                "success_url",
                "https://clinic.example/payments/return/x?session_id={CHECKOUT_SESSION_ID}",
            ),
            ("cancel_url", "https://clinic.example/appointments/42/pay"),
            ("client_reference_id", "7"),
            ("metadata[appointment_id]", "42"),
            ("metadata[payment_id]", "7"),
            ("payment_intent_data[metadata][payment_id]", "7"),
            ("customer_email", "patient@example.org"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(session("open", "unpaid")))
        .expect(1)
        .mount(&server)
        .await;
    let started = stripe(&server)
        .start_checkout(&checkout("BDT"))
        .await
        .unwrap();
    assert_eq!(started.provider_ref, "cs_test_0001");
    assert_eq!(
        started.next,
        CheckoutNext::Redirect {
            url: "https://checkout.stripe.com/c/pay/cs_test_0001".into()
        }
    );
}

#[tokio::test]
async fn a_hold_inside_stripes_window_becomes_expires_at() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session("open", "unpaid")))
        .mount(&server)
        .await;
    let mut request = checkout("BDT");
    let until = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(45);
    request.expires_at = Some(until);
    stripe(&server).start_checkout(&request).await.unwrap();
    let sent = form(&server.received_requests().await.unwrap()[0]);
    assert!(
        sent.contains(&("expires_at".into(), until.as_second().to_string())),
        "{sent:?}"
    );

    request.expires_at = Some(jiff::Timestamp::now() + jiff::SignedDuration::from_mins(10));
    stripe(&server).start_checkout(&request).await.unwrap();
    let sent = form(&server.received_requests().await.unwrap()[1]);
    assert!(
        !sent.iter().any(|(k, _)| k == "expires_at"),
        "a 10-minute hold cannot be mirrored"
    );
}

#[tokio::test]
async fn a_currency_stripe_counts_in_other_units_is_refused_before_any_call() {
    let server = MockServer::start().await;
    let err = stripe(&server)
        .start_checkout(&checkout("KWD"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, PaymentError::UnsupportedCurrency { .. }),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_return_is_proven_by_retrieving_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/cs_test_0001"))
        .and(header("authorization", "Bearer sk_test_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session("complete", "paid")))
        .expect(1)
        .mount(&server)
        .await;
    let gateway = stripe(&server);
    let back = params(&[("session_id", "cs_test_0001")]);
    assert_eq!(gateway.return_ref(&back).as_deref(), Some("cs_test_0001"));
    let event = gateway.confirm_return("cs_test_0001", &back).await.unwrap();
    assert_eq!(event.payment, Some(PaymentId::new(7)));
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(150_000, "BDT"),
            transaction_ref: "pi_test_0001".into()
        }
    );
    let other = gateway.confirm_return("cs_other", &back).await.unwrap_err();
    assert!(matches!(other, PaymentError::Unproven(_)));
}

#[tokio::test]
async fn an_open_session_is_expired_through_the_api() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions/cs_test_0001/expire"))
        .and(header("idempotency-key", "expire-cs_test_0001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session("expired", "unpaid")))
        .expect(1)
        .mount(&server)
        .await;
    stripe(&server)
        .expire_checkout("cs_test_0001")
        .await
        .unwrap();
}

#[tokio::test]
async fn stripes_error_objects_tell_temporary_from_final() {
    let cases = [
        (error(400, "invalid_request_error", "parameter_missing", "Missing required param: line_items."), false),
        (error(400, "idempotency_error", "idempotency_key_in_use", "Keys for idempotent requests can only be used with the same parameters they were first used with."), false),
        (error(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided: sk_test_***123"), false),
        (error(402, "card_error", "card_declined", "Your card was declined."), false),
        (error(404, "invalid_request_error", "resource_missing", "No such checkout.session: 'cs_x'"), false),
        (error(409, "invalid_request_error", "lock_timeout", "This object cannot be accessed right now."), true),
        (error(429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly."), true),
        (error(400, "invalid_request_error", "rate_limit", "Too many requests (legacy)."), true),
        (error(500, "api_error", "", "Something went wrong on Stripe's end."), true),
        (error(400, "invalid_request_error", "x", "told to retry").insert_header("Stripe-Should-Retry", "true"), true),
        (error(500, "api_error", "", "told not to").insert_header("Stripe-Should-Retry", "false"), false),
    ];
    for (answer, temporary) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(answer.clone())
            .mount(&server)
            .await;
        let err = stripe(&server)
            .start_checkout(&checkout("BDT"))
            .await
            .unwrap_err();
        assert_eq!(err.is_temporary(), temporary, "{err:?}");
        if let PaymentError::Final { message, .. } = &err {
            assert!(
                !message.contains("sk_test_123"),
                "no secret in errors: {message}"
            );
        }
    }
}

#[tokio::test]
async fn a_stripe_that_does_not_answer_in_time_is_temporary() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(session("open", "unpaid"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let err = stripe(&server).lookup("cs_test_0001").await.unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
}

#[test]
fn debug_never_prints_the_secrets() {
    let config = StripeConfig::new(
        SecretString::from("sk_test_123"),
        SecretString::from("whsec_abc"),
    );
    let text = format!(
        "{config:?} {:?}",
        StripeGateway::new(config.clone()).unwrap()
    );
    assert!(
        !text.contains("sk_test_123") && !text.contains("whsec_abc"),
        "{text}"
    );
}
