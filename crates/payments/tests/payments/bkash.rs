//! bKash tokenized checkout against a fake that checks §4.2–§4.9: tokens
//! cached and refreshed, create/execute/query/refund, errors inside HTTP 200.

use crate::support::{at, checkout, money, params, webhook};
use consulta_domain::model::{Currency, PaymentId};
use consulta_domain::ports::{
    CheckoutNext, PaymentError, PaymentEventKind, PaymentGateway, RefundRequest, RefundStatus,
    WebhookRejected,
};
use consulta_payments::{BkashConfig, BkashGateway, SetupError, DEFAULT_BKASH_API_BASE};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BASE: &str = "/v1.2.0-beta/tokenized/checkout";
const PAYMENT_ID: &str = "TR0011MTOcN3f1789208179219";

fn gateway(server: &MockServer) -> BkashGateway {
    let mut config = BkashConfig::new(
        SecretString::from("sandboxTokenizedUser02"),
        SecretString::from("sandboxTokenizedUser02@12345"),
        SecretString::from("app_key_consulta"),
        SecretString::from("app_secret_consulta"),
    );
    config.api_base = format!("{}{BASE}", server.uri());
    config.timeout = Duration::from_secs(1);
    BkashGateway::new(config).unwrap()
}

fn token(id_token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "id_token": id_token,
        "token_type": "Bearer", "expires_in": expires_in, "refresh_token": "eyJrefresh"
    }))
}

async fn grant(server: &MockServer, id_token: &str, expires_in: i64, times: u64) {
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/token/grant")))
        .and(header("username", "sandboxTokenizedUser02"))
        .and(header("password", "sandboxTokenizedUser02@12345"))
        .and(body_partial_json(
            json!({"app_key": "app_key_consulta", "app_secret": "app_secret_consulta"}),
        ))
        .respond_with(token(id_token, expires_in))
        .expect(times)
        .mount(server)
        .await;
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "paymentID": PAYMENT_ID,
        "bkashURL": "https://sandbox.payment.bkash.com/?paymentId=TR0011MTOcN3f1789208179219&hash=abc&mode=0011&apiVersion=v1.2.0-beta/",
        "callbackURL": "https://clinic.example/payments/return/x",
        "successCallbackURL": "https://clinic.example/payments/return/x?paymentID=TR0011MTOcN3f1789208179219&status=success&signature=Ab3dE5gH7j",
        "failureCallbackURL": "https://clinic.example/payments/return/x?paymentID=TR0011MTOcN3f1789208179219&status=failure&signature=Ab3dE5gH7j",
        "cancelledCallbackURL": "https://clinic.example/payments/return/x?paymentID=TR0011MTOcN3f1789208179219&status=cancel&signature=Ab3dE5gH7j",
        "amount": "1500.00", "intent": "sale", "currency": "BDT",
        "paymentCreateTime": "2026-09-12T16:16:19:219 GMT+0600", "transactionStatus": "Initiated",
        "merchantInvoiceNumber": "checkout-7"
    }))
}

fn state(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "paymentID": PAYMENT_ID, "mode": "0011",
        "paymentCreateTime": "2026-09-12T16:16:19:219 GMT+0600",
        "paymentExecuteTime": "2026-09-12T16:17:02:105 GMT+0600",
        "trxID": "8BM304KJ37", "transactionStatus": status, "amount": "1500.00", "currency": "BDT",
        "intent": "sale", "merchantInvoice": "checkout-7", "customerMsisdn": "01770618575"
    }))
}

fn code_in_200(code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"statusCode": code, "statusMessage": message}))
}

async fn on(server: &MockServer, route: &str, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/{route}")))
        .respond_with(answer)
        .mount(server)
        .await;
}

#[test]
fn the_default_base_is_the_contracts_live_host_with_its_version_path_and_bdt_only() {
    assert_eq!(
        DEFAULT_BKASH_API_BASE,
        "https://tokenized.pay.bka.sh/v1.2.0-beta/tokenized/checkout"
    );
    assert!(BkashGateway::require_currency(Currency::parse("BDT").unwrap()).is_ok());
    assert_eq!(
        BkashGateway::require_currency(Currency::parse("INR").unwrap()),
        Err(SetupError::UnsupportedCurrency {
            provider: "bkash",
            currency: "INR".into()
        })
    );
}

#[tokio::test]
async fn a_payment_is_created_in_taka_with_the_token_and_app_key_and_one_grant_serves_many() {
    let server = MockServer::start().await;
    grant(&server, "eyJid1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/create")))
        .and(header("authorization", "eyJid1"))
        .and(header("x-app-key", "app_key_consulta"))
        .and(body_partial_json(json!({
            "mode": "0011", "amount": "1500.00", "currency": "BDT", "intent": "sale",
            "callbackURL": "https://clinic.example/payments/return/x", "merchantInvoiceNumber": "checkout-7"
        })))
        .respond_with(created())
        .expect(2)
        .mount(&server)
        .await;
    let bkash = gateway(&server);
    let started = bkash.start_checkout(&checkout("BDT")).await.unwrap();
    assert_eq!(started.provider_ref, PAYMENT_ID);
    let CheckoutNext::Redirect { url } = started.next else {
        panic!()
    };
    assert!(url.starts_with("https://sandbox.payment.bkash.com/?paymentId="));
    bkash.start_checkout(&checkout("BDT")).await.unwrap();
}

#[tokio::test]
async fn a_token_near_expiry_is_refreshed_not_granted_again() {
    let server = MockServer::start().await;
    grant(&server, "eyJid1", 60, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/token/refresh")))
        .and(body_partial_json(
            json!({"app_key": "app_key_consulta", "refresh_token": "eyJrefresh"}),
        ))
        .respond_with(token("eyJid2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/status")))
        .and(header("authorization", "eyJid1"))
        .respond_with(state("Initiated"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/status")))
        .and(header("authorization", "eyJid2"))
        .respond_with(state("Initiated"))
        .expect(1)
        .mount(&server)
        .await;
    let bkash = gateway(&server);
    bkash.lookup(PAYMENT_ID).await.unwrap();
    bkash.lookup(PAYMENT_ID).await.unwrap();
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries() {
    let server = MockServer::start().await;
    grant(&server, "eyJid1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/token/refresh")))
        .respond_with(token("eyJid2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/status")))
        .and(header("authorization", "eyJid1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/status")))
        .and(header("authorization", "eyJid2"))
        .respond_with(state("Completed"))
        .expect(1)
        .mount(&server)
        .await;
    let event = gateway(&server).lookup(PAYMENT_ID).await.unwrap();
    assert!(matches!(event.kind, PaymentEventKind::Paid { .. }));
}

#[tokio::test]
async fn a_success_callback_is_believed_only_from_execute() {
    let server = MockServer::start().await;
    grant(&server, "eyJid1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/execute")))
        .and(body_partial_json(json!({"paymentID": PAYMENT_ID})))
        .respond_with(state("Completed"))
        .expect(1)
        .mount(&server)
        .await;
    let bkash = gateway(&server);
    let back = params(&[
        ("paymentID", PAYMENT_ID),
        ("status", "success"),
        ("signature", "Ab3dE5gH7j"),
    ]);
    assert_eq!(bkash.return_ref(&back).as_deref(), Some(PAYMENT_ID));
    let event = bkash.confirm_return(PAYMENT_ID, &back).await.unwrap();
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(150_000, "BDT"),
            transaction_ref: "8BM304KJ37".into()
        }
    );
}

#[tokio::test]
async fn an_execute_answering_2062_or_too_late_is_settled_by_payment_status() {
    for execute in [
        code_in_200("2062", "The payment has already been completed"),
        state("Completed").set_delay(Duration::from_secs(3)),
    ] {
        let server = MockServer::start().await;
        grant(&server, "eyJid1", 3600, 1).await;
        on(&server, "execute", execute).await;
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/payment/status")))
            .respond_with(state("Completed"))
            .expect(1)
            .mount(&server)
            .await;
        let back = params(&[("paymentID", PAYMENT_ID), ("status", "success")]);
        let event = gateway(&server)
            .confirm_return(PAYMENT_ID, &back)
            .await
            .unwrap();
        assert!(
            matches!(event.kind, PaymentEventKind::Paid { .. }),
            "{event:?}"
        );
    }
}

#[tokio::test]
async fn failure_and_cancel_callbacks_are_checked_with_payment_status() {
    let cases = [
        ("failure", "Initiated", "failed"),
        ("cancel", "Initiated", "expired"),
        ("cancel", "Cancelled", "expired"),
        ("failure", "Failed", "failed"),
        ("cancel", "Completed", "paid"),
    ];
    for (said, status, expected) in cases {
        let server = MockServer::start().await;
        grant(&server, "eyJid1", 3600, 1).await;
        on(&server, "payment/status", state(status)).await;
        let back = params(&[("paymentID", PAYMENT_ID), ("status", said)]);
        let kind = gateway(&server)
            .confirm_return(PAYMENT_ID, &back)
            .await
            .unwrap()
            .kind;
        let got = match kind {
            PaymentEventKind::Paid { .. } => "paid",
            PaymentEventKind::Failed { .. } => "failed",
            PaymentEventKind::Expired => "expired",
            _ => "other",
        };
        assert_eq!(got, expected, "callback {said}, bKash says {status}");
    }
}

#[tokio::test]
async fn a_callback_for_another_payment_proves_nothing_and_asks_nothing() {
    let server = MockServer::start().await;
    let back = params(&[("paymentID", "TR0011someoneElse"), ("status", "success")]);
    let err = gateway(&server)
        .confirm_return(PAYMENT_ID, &back)
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Unproven(_)));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn errors_inside_http_200_in_both_envelopes_are_mapped() {
    let cases = [
        (code_in_200("2001", "Invalid App Key"), Some("2001"), false),
        (code_in_200("2007", "Invalid currency"), Some("2007"), false),
        (
            ResponseTemplate::new(200).set_body_json(
                json!({"errorCode": "2049", "errorMessage": "Invalid Merchant Callback URL"}),
            ),
            Some("2049"),
            false,
        ),
        (
            code_in_200(
                "503",
                "System is undergoing maintenance. Please try again later",
            ),
            None,
            true,
        ),
        (ResponseTemplate::new(500), None, true),
        (created().set_delay(Duration::from_secs(3)), None, true),
    ];
    for (answer, code, temporary) in cases {
        let server = MockServer::start().await;
        grant(&server, "eyJid1", 3600, 1).await;
        on(&server, "create", answer).await;
        let err = gateway(&server)
            .start_checkout(&checkout("BDT"))
            .await
            .unwrap_err();
        assert_eq!(err.is_temporary(), temporary, "{err:?}");
        if let Some(code) = code {
            assert!(
                matches!(&err, PaymentError::Final { code: Some(c), .. } if c == code),
                "{err:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_refused_grant_is_final_and_other_currencies_are_refused_before_any_call() {
    let server = MockServer::start().await;
    on(
        &server,
        "token/grant",
        code_in_200("2001", "Invalid App Key"),
    )
    .await;
    let err = gateway(&server).lookup(PAYMENT_ID).await.unwrap_err();
    assert!(matches!(err, PaymentError::Final { .. }), "{err:?}");

    let quiet = MockServer::start().await;
    let err = gateway(&quiet)
        .start_checkout(&checkout("USD"))
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::UnsupportedCurrency { .. }));
    assert!(quiet.received_requests().await.unwrap().is_empty());
}

fn refund_request() -> RefundRequest {
    RefundRequest {
        payment: PaymentId::new(7),
        provider_ref: PAYMENT_ID.into(),
        transaction_ref: "8BM304KJ37".into(),
        amount: money(50_000, "BDT"),
        reason: "cancelled by the patient".into(),
        idempotency_key: "refund-7-1".into(),
    }
}

fn refunded() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "originalTrxID": "8BM304KJ37",
        "refundTrxID": "8BM404KJ99", "transactionStatus": "Completed", "amount": "500.00",
        "currency": "BDT", "charge": "0.00", "completedTime": "2026-09-13T10:00:00:000 GMT+0600"
    }))
}

#[tokio::test]
async fn a_refund_sends_taka_and_the_transaction_and_a_lost_answer_is_checked_by_status() {
    let server = MockServer::start().await;
    grant(&server, "eyJid1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/refund")))
        .and(body_partial_json(
            json!({"paymentID": PAYMENT_ID, "trxID": "8BM304KJ37", "amount": "500.00", "sku": "7"}),
        ))
        .respond_with(refunded())
        .expect(1)
        .mount(&server)
        .await;
    let refund = gateway(&server).refund(&refund_request()).await.unwrap();
    assert_eq!(
        (refund.refund_ref.as_str(), refund.amount, refund.status),
        ("8BM404KJ99", money(50_000, "BDT"), RefundStatus::Succeeded)
    );

    let lost = MockServer::start().await;
    grant(&lost, "eyJid1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/refund")))
        .and(body_partial_json(json!({"amount": "500.00"})))
        .respond_with(refunded().set_delay(Duration::from_secs(3)))
        .mount(&lost)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/payment/refund")))
        .respond_with(refunded())
        .expect(1)
        .mount(&lost)
        .await;
    let refund = gateway(&lost).refund(&refund_request()).await.unwrap();
    assert_eq!(refund.refund_ref, "8BM404KJ99");
}

#[tokio::test]
async fn webhooks_and_cancelling_are_not_offered() {
    let server = MockServer::start().await;
    let bkash = gateway(&server);
    assert_eq!(
        bkash.verify_webhook(&webhook("{}", &[]), at(0)),
        Err(WebhookRejected::Unsupported("bKash"))
    );
    assert!(matches!(
        bkash.expire_checkout(PAYMENT_ID).await,
        Err(PaymentError::Unsupported { .. })
    ));
    let text = format!("{bkash:?}");
    assert!(
        !text.contains("sandboxTokenizedUser02") && !text.contains("app_secret_consulta"),
        "{text}"
    );
}
