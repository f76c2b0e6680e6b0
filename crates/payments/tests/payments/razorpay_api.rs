//! Razorpay's API calls against a fake that checks what §3.2–§3.7 require.

use crate::razorpay_webhook::razorpay;
use crate::support::{checkout, money, params};
use consulta_domain::model::PaymentId;
use consulta_domain::ports::{
    CheckoutNext, PaymentError, PaymentEventKind, PaymentGateway, RefundRequest, RefundStatus,
};
use consulta_payments::{RazorpayGateway, DEFAULT_RAZORPAY_API_BASE};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BASIC: &str =
    "Basic cnpwX3Rlc3RfMURQNW1tT2xGNUc1YWc6cnpwX3Rlc3Rfc2VjcmV0X2NvbnN1bHRhXzAxMjM=";

fn gateway(server: &MockServer) -> RazorpayGateway {
    razorpay(
        "rzp_test_secret_consulta_0123",
        &format!("{}/v1", server.uri()),
    )
}

/// The order entity of §3.2, with an empty `notes` serialised as `[]`.
fn order(status: &str) -> serde_json::Value {
    json!({
        "id": "order_Consulta0001A", "entity": "order", "amount": 50000, "amount_paid": 0,
        "amount_due": 50000, "currency": "INR", "receipt": "checkout-7", "offer_id": null,
        "status": status, "attempts": 0, "notes": [], "created_at": 1767225600
    })
}

fn payment(status: &str) -> serde_json::Value {
    json!({
        "id": "pay_Consulta0001B", "entity": "payment", "amount": 50000, "currency": "INR",
        "status": status, "order_id": "order_Consulta0001A", "captured": status == "captured",
        "amount_refunded": 0, "refund_status": null, "method": "upi", "notes": [],
        "created_at": 1767225600
    })
}

/// §3.7's example error, literally.
fn bad_request() -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(
        r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The amount must be at least INR 1.00",
 "source":"business","step":"payment_initiation","reason":"input_validation_failed",
 "metadata":{},"field":"amount"}}"#,
        "application/json",
    )
}

fn inr_checkout() -> consulta_domain::ports::CheckoutRequest {
    let mut request = checkout("INR");
    request.amount = money(50_000, "INR");
    request
}

#[test]
fn the_default_base_is_the_contracts_with_its_version_path() {
    assert_eq!(DEFAULT_RAZORPAY_API_BASE, "https://api.razorpay.com/v1");
}

#[tokio::test]
async fn an_order_is_created_with_basic_auth_and_opens_razorpay_checkout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/json"))
        .and(body_partial_json(json!({
            "amount": 50000, "currency": "INR", "receipt": "checkout-7",
            "notes": {"appointment_id": "42", "payment_id": "7"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(order("created")))
        .expect(1)
        .mount(&server)
        .await;
    let started = gateway(&server)
        .start_checkout(&inr_checkout())
        .await
        .unwrap();
    assert_eq!(started.provider_ref, "order_Consulta0001A");
    let CheckoutNext::RazorpayCheckout {
        key_id,
        order_id,
        amount,
        callback_url,
        hosted_url,
        ..
    } = started.next
    else {
        panic!("{:?}", started.next)
    };
    assert_eq!(
        (key_id.as_str(), order_id.as_str()),
        ("rzp_test_1DP5mmOlF5G5ag", "order_Consulta0001A")
    );
    assert_eq!(amount, money(50_000, "INR"));
    assert_eq!(callback_url, "https://clinic.example/payments/return/x");
    assert_eq!(hosted_url, "https://api.razorpay.com/v1/checkout/embedded");
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_adopts_the_order_found_by_receipt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(order("created"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/orders"))
        .and(query_param("receipt", "checkout-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"entity": "collection", "count": 1, "items": [order("created")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let started = gateway(&server)
        .start_checkout(&inr_checkout())
        .await
        .unwrap();
    assert_eq!(started.provider_ref, "order_Consulta0001A");
}

#[tokio::test]
async fn a_verified_return_is_believed_only_once_the_payment_is_captured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payments/pay_Consulta0001B"))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200).set_body_json(payment("captured")))
        .expect(1)
        .mount(&server)
        .await;
    let back = params(&[
        ("razorpay_payment_id", "pay_Consulta0001B"),
        ("razorpay_order_id", "order_Consulta0001A"),
        (
            "razorpay_signature",
            "6f798508a9f780d1342fcc0b3d570e309bb05d88072fa9f0a8dfbcc3a99531d1",
        ),
    ]);
    let event = gateway(&server)
        .confirm_return("order_Consulta0001A", &back)
        .await
        .unwrap();
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(50_000, "INR"),
            transaction_ref: "pay_Consulta0001B".into()
        }
    );
}

#[tokio::test]
async fn reconciliation_reads_the_order_then_its_captured_payment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orders/order_Consulta0001A"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order("paid")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/orders/order_Consulta0001A/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entity": "collection", "count": 2, "items": [payment("failed"), payment("captured")]
        })))
        .mount(&server)
        .await;
    let event = gateway(&server)
        .lookup("order_Consulta0001A")
        .await
        .unwrap();
    assert!(
        matches!(event.kind, PaymentEventKind::Paid { .. }),
        "{event:?}"
    );

    let open = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order("attempted")))
        .mount(&open)
        .await;
    let event = gateway(&open).lookup("order_Consulta0001A").await.unwrap();
    assert_eq!(event.kind, PaymentEventKind::Pending);
}

#[tokio::test]
async fn a_refund_carries_its_idempotency_key_and_amount() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/payments/pay_Consulta0001B/refund"))
        .and(header("x-refund-idempotency", "refund-7-0001"))
        .and(body_partial_json(json!({"amount": 20000})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "rfnd_Consulta0001", "entity": "refund", "amount": 20000, "currency": "INR",
            "payment_id": "pay_Consulta0001B", "notes": [], "receipt": null, "acquirer_data": {"arn": null},
            "created_at": 1767225600, "batch_id": null, "status": "processed", "speed_processed": "normal"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut request = RefundRequest {
        payment: PaymentId::new(7),
        provider_ref: "order_Consulta0001A".into(),
        transaction_ref: "pay_Consulta0001B".into(),
        amount: money(20_000, "INR"),
        reason: "cancelled".into(),
        idempotency_key: "refund-7-0001".into(),
    };
    let refund = gateway(&server).refund(&request).await.unwrap();
    assert_eq!(
        (refund.refund_ref.as_str(), refund.status),
        ("rfnd_Consulta0001", RefundStatus::Succeeded)
    );
    request.idempotency_key = "short".into();
    assert!(matches!(
        gateway(&server).refund(&request).await,
        Err(PaymentError::Final { .. })
    ));
}

#[tokio::test]
async fn razorpays_errors_tell_temporary_from_final() {
    let error = |status: u16, code: &str| {
        ResponseTemplate::new(status)
            .set_body_json(json!({"error": {"code": code, "description": "x", "metadata": {}}}))
    };
    let cases = [
        (bad_request(), false),
        (error(401, "BAD_REQUEST_ERROR"), false),
        (error(404, "BAD_REQUEST_ERROR"), false),
        (error(409, "BAD_REQUEST_ERROR"), true),
        (error(429, "BAD_REQUEST_ERROR"), true),
        (error(500, "SERVER_ERROR"), true),
        (error(502, "GATEWAY_ERROR"), true),
        (error(503, "SERVER_ERROR"), true),
    ];
    for (answer, temporary) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(answer)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"entity": "collection", "count": 0, "items": []})),
            )
            .mount(&server)
            .await;
        let err = gateway(&server)
            .start_checkout(&inr_checkout())
            .await
            .unwrap_err();
        assert_eq!(err.is_temporary(), temporary, "{err:?}");
    }
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(bad_request())
        .mount(&server)
        .await;
    let err = gateway(&server)
        .start_checkout(&inr_checkout())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "payment provider refused: Razorpay 400 Bad Request BAD_REQUEST_ERROR: The amount must be at least INR 1.00 (field amount)");
}

#[tokio::test]
async fn a_razorpay_that_does_not_answer_in_time_is_temporary_and_orders_cannot_be_cancelled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(order("created"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    assert!(gateway(&server)
        .lookup("order_Consulta0001A")
        .await
        .unwrap_err()
        .is_temporary());
    let err = gateway(&server)
        .expire_checkout("order_Consulta0001A")
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Unsupported { .. }));
}
