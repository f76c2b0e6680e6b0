//! Stripe refunds (§2.3): the intent, the amount, the Idempotency-Key.

use crate::forms::form_has;
use crate::stripe_api::{session, stripe};
use crate::support::money;
use consulta_domain::model::PaymentId;
use consulta_domain::ports::{PaymentGateway, RefundRequest, RefundStatus};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_partial_refund_names_the_intent_and_the_amount_with_its_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .and(header("idempotency-key", "refund-7-1"))
        .and(form_has(&[
            ("payment_intent", "pi_test_0001"),
            ("amount", "50000"),
            ("metadata[payment_id]", "7"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "re_test_0001", "object": "refund", "amount": 50000, "currency": "bdt",
            "status": "pending", "payment_intent": "pi_test_0001", "metadata": {"payment_id": "7"},
            "created": 1767225600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let refund = stripe(&server)
        .refund(&RefundRequest {
            payment: PaymentId::new(7),
            provider_ref: "cs_test_0001".into(),
            transaction_ref: "pi_test_0001".into(),
            amount: money(50_000, "BDT"),
            reason: "cancelled by the patient".into(),
            idempotency_key: "refund-7-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        (refund.refund_ref.as_str(), refund.status),
        ("re_test_0001", RefundStatus::Pending)
    );
}

#[tokio::test]
async fn a_refund_of_a_payment_known_by_its_session_refunds_the_sessions_intent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/cs_test_0001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session("complete", "paid")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .and(form_has(&[
            ("payment_intent", "pi_test_0001"),
            ("amount", "150000"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "re_test_0002", "object": "refund", "amount": 150000, "currency": "bdt",
            "status": "succeeded", "payment_intent": "pi_test_0001"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let refund = stripe(&server)
        .refund(&RefundRequest {
            payment: PaymentId::new(7),
            provider_ref: "cs_test_0001".into(),
            transaction_ref: "cs_test_0001".into(),
            amount: money(150_000, "BDT"),
            reason: "cancelled".into(),
            idempotency_key: "refund-7-2".into(),
        })
        .await
        .unwrap();
    assert_eq!(refund.status, RefundStatus::Succeeded);
}
