//! Razorpay's payment and webhook signatures against vectors R-A, R-B, R-C (§3.4, §3.9).

use crate::support::{at, money, params, webhook};
use consulta_domain::ports::{
    PaymentError, PaymentEventKind, PaymentGateway, RefundStatus, VerifiedWebhook, WebhookRejected,
};
use consulta_payments::{RazorpayConfig, RazorpayGateway};
use secrecy::SecretString;

const WEBHOOK_SECRET: &str = "consulta_webhook_secret_01";
const BODY: &str = r#"{"entity":"event","account_id":"acc_Consulta0001","event":"order.paid","contains":["payment","order"],"payload":{"payment":{"entity":{"id":"pay_Consulta0001B","entity":"payment","amount":50000,"currency":"INR","status":"captured","order_id":"order_Consulta0001A"}},"order":{"entity":{"id":"order_Consulta0001A","entity":"order","amount":50000,"amount_paid":50000,"amount_due":0,"currency":"INR","receipt":"appt_42","status":"paid","attempts":1}}},"created_at":1767225600}"#;
const R_C: &str = "bfec64b67a6c43bb883e32bb25cbdb9fcddf189cef117f629e22e93b354b6c7e";
const T: i64 = 1_767_225_600;

pub fn razorpay(key_secret: &str, api_base: &str) -> RazorpayGateway {
    let mut config = RazorpayConfig::new(
        "rzp_test_1DP5mmOlF5G5ag".into(),
        SecretString::from(key_secret),
        SecretString::from(WEBHOOK_SECRET),
    );
    config.api_base = api_base.to_owned();
    config.timeout = std::time::Duration::from_secs(1);
    RazorpayGateway::new(config).unwrap()
}

fn gateway() -> RazorpayGateway {
    razorpay("rzp_test_secret_consulta_0123", "http://127.0.0.1:9/v1")
}

async fn deliver(
    body: &str,
    signature: &str,
    now: i64,
) -> Result<VerifiedWebhook, WebhookRejected> {
    let headers = [
        ("x-razorpay-signature", signature),
        ("x-razorpay-event-id", "evt_Consulta0001"),
    ];
    gateway()
        .verify_webhook(&webhook(body, &headers), at(now))
        .await
}

#[tokio::test]
async fn the_contracts_webhook_vector_verifies_and_types_order_paid() {
    let VerifiedWebhook::Event(event) = deliver(BODY, R_C, T + 60).await.unwrap() else {
        panic!()
    };
    assert_eq!(event.event_id.as_deref(), Some("evt_Consulta0001"));
    assert_eq!(event.provider_ref.as_deref(), Some("order_Consulta0001A"));
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(50_000, "INR"),
            transaction_ref: "pay_Consulta0001B".into()
        }
    );
}

#[tokio::test]
async fn forged_stale_and_incomplete_webhooks_are_rejected() {
    let changed = BODY.replace("50000", "50001");
    assert_eq!(
        deliver(&changed, R_C, T).await,
        Err(WebhookRejected::BadSignature),
        "a replay with a changed body"
    );
    assert_eq!(
        deliver(BODY, &R_C.replace('b', "c"), T).await,
        Err(WebhookRejected::BadSignature)
    );
    assert_eq!(
        deliver(BODY, R_C, T + 24 * 3600 + 1).await,
        Err(WebhookRejected::StaleTimestamp),
        "older than Razorpay's 24 h of retries"
    );
    let unsigned = gateway()
        .verify_webhook(&webhook(BODY, &[("x-razorpay-event-id", "evt_1")]), at(T))
        .await;
    assert_eq!(
        unsigned,
        Err(WebhookRejected::MissingHeader("X-Razorpay-Signature"))
    );
    let no_id = gateway()
        .verify_webhook(&webhook(BODY, &[("x-razorpay-signature", R_C)]), at(T))
        .await;
    assert_eq!(
        no_id,
        Err(WebhookRejected::MissingHeader("X-Razorpay-Event-Id"))
    );
}

fn sign(body: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn failure_refund_and_unknown_events_are_typed() {
    let failed = r#"{"entity":"event","event":"payment.failed","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_2","entity":"payment","amount":50000,"currency":"INR","status":"failed","order_id":"order_Consulta0001A","error_code":"BAD_REQUEST_ERROR","error_description":"Payment failed","notes":[]}}},"created_at":1767225600}"#;
    let VerifiedWebhook::Event(e) = deliver(failed, &sign(failed), T).await.unwrap() else {
        panic!()
    };
    assert_eq!(
        e.kind,
        PaymentEventKind::Failed {
            reason: "Payment failed".into()
        }
    );

    let refund = r#"{"entity":"event","event":"refund.processed","contains":["refund","payment"],"payload":{"refund":{"entity":{"id":"rfnd_1","entity":"refund","amount":20000,"currency":"INR","payment_id":"pay_Consulta0001B","notes":[],"status":"processed"}},"payment":{"entity":{"id":"pay_Consulta0001B","entity":"payment","amount":50000,"currency":"INR","status":"captured","order_id":"order_Consulta0001A","amount_refunded":20000,"refund_status":"partial","captured":true}}},"created_at":1767225600}"#;
    let VerifiedWebhook::Event(e) = deliver(refund, &sign(refund), T).await.unwrap() else {
        panic!()
    };
    assert_eq!(e.provider_ref.as_deref(), Some("order_Consulta0001A"));
    assert_eq!(
        e.kind,
        PaymentEventKind::Refund {
            refund_ref: "rfnd_1".into(),
            amount: money(20_000, "INR"),
            status: RefundStatus::Succeeded,
            transaction_ref: Some("pay_Consulta0001B".into()),
        }
    );

    let other =
        r#"{"entity":"event","event":"refund.speed_changed","payload":{},"created_at":1767225600}"#;
    assert!(matches!(
        deliver(other, &sign(other), T).await,
        Ok(VerifiedWebhook::Ignored { .. })
    ));
}

#[tokio::test]
async fn the_official_payment_signature_example_verifies_r_a() {
    let g = razorpay("EnLs21M47BllR3X8PSFtjtbd", "http://127.0.0.1:9/v1");
    let back = params(&[
        ("razorpay_payment_id", "pay_IH4NVgf4Dreq1l"),
        ("razorpay_order_id", "order_IEIaMR65cu6nz3"),
        (
            "razorpay_signature",
            "0d4e745a1838664ad6c9c9902212a32d627d68e917290b0ad5f08ff4561bc50f",
        ),
    ]);
    // Verified, so the adapter goes on to fetch the payment: port 9 refuses, Temporary.
    let err = g
        .confirm_return("order_IEIaMR65cu6nz3", &back)
        .await
        .unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
}

#[tokio::test]
async fn a_signature_over_another_order_or_a_forged_one_proves_nothing() {
    let g = gateway();
    let back = params(&[
        ("razorpay_payment_id", "pay_Consulta0001B"),
        ("razorpay_order_id", "order_Consulta0001A"),
        (
            "razorpay_signature",
            "6f798508a9f780d1342fcc0b3d570e309bb05d88072fa9f0a8dfbcc3a99531d1",
        ),
    ]);
    assert_eq!(g.return_ref(&back).as_deref(), Some("order_Consulta0001A"));
    // The order id signed is ours from the database, not the one posted back.
    let other = g
        .confirm_return("order_Someone0else", &back)
        .await
        .unwrap_err();
    assert!(matches!(other, PaymentError::Unproven(_)), "{other:?}");
    let forged = params(&[
        ("razorpay_payment_id", "pay_Consulta0001B"),
        ("razorpay_order_id", "order_Consulta0001A"),
        (
            "razorpay_signature",
            "0d4e745a1838664ad6c9c9902212a32d627d68e917290b0ad5f08ff4561bc50f",
        ),
    ]);
    let err = g
        .confirm_return("order_Consulta0001A", &forged)
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Unproven(_)), "{err:?}");
}
