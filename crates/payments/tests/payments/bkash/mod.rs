//! bKash tokenized checkout against a fake that checks §4.2–§4.9: tokens
//! cached and refreshed, create/execute/query/refund, errors inside HTTP 200.

mod checkout;
mod refunds;
mod tokens;

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

pub const BASE: &str = "/v1.2.0-beta/tokenized/checkout";
pub const PAYMENT_ID: &str = "TR0011MTOcN3f1789208179219";

pub fn gateway(server: &MockServer) -> BkashGateway {
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

pub fn token(id_token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "id_token": id_token,
        "token_type": "Bearer", "expires_in": expires_in, "refresh_token": "eyJrefresh"
    }))
}

pub async fn grant(server: &MockServer, id_token: &str, expires_in: i64, times: u64) {
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

pub fn created() -> ResponseTemplate {
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

pub fn state(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": "0000", "statusMessage": "Successful", "paymentID": PAYMENT_ID, "mode": "0011",
        "paymentCreateTime": "2026-09-12T16:16:19:219 GMT+0600",
        "paymentExecuteTime": "2026-09-12T16:17:02:105 GMT+0600",
        "trxID": "8BM304KJ37", "transactionStatus": status, "amount": "1500.00", "currency": "BDT",
        "intent": "sale", "merchantInvoice": "checkout-7", "customerMsisdn": "01770618575"
    }))
}

pub fn code_in_200(code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"statusCode": code, "statusMessage": message}))
}

pub async fn on(server: &MockServer, route: &str, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/{route}")))
        .respond_with(answer)
        .mount(server)
        .await;
}
