//! Stripe-Signature against the test vectors of provider-contracts §2.7 (S1–S3).

use crate::support::{at, money, webhook};
use consulta_domain::model::PaymentId;
use consulta_domain::ports::{
    PaymentEventKind, PaymentGateway, RefundStatus, VerifiedWebhook, WebhookRejected,
};
use consulta_payments::{SimulatedConfig, SimulatedGateway, StripeConfig, StripeGateway};
use secrecy::SecretString;

const SECRET: &str = "whsec_test_consulta_0123456789abcdef";
const PREVIOUS: &str = "whsec_test_consulta_previous_secret";
const BODY: &str = r#"{"id":"evt_test_0001","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_test_0001","object":"checkout.session","payment_status":"paid","status":"complete","client_reference_id":"appt_42","amount_total":150000,"currency":"bdt"}}}"#;
const S1: &str = "d759bb004d2a7307a209c586ff5fbeddff43d51283f06e3bfa2e04599363f3bb";
const S2: &str = "dd8322db5a594f433ade3abb03f858bac550095cf7a890a65d05cc1d7f5e303e";
const S3: &str = "578b893cb10815fb55b4760e988a94e82d853f3eb60f979d36ecf1294610f66a";
const T: i64 = 1_767_225_600;

fn stripe(secret: &str, previous: Option<&str>) -> StripeGateway {
    let mut config = StripeConfig::new(
        SecretString::from("sk_test_123"),
        SecretString::from(secret),
    );
    config.previous_webhook_secret = previous.map(SecretString::from);
    StripeGateway::new(config).unwrap()
}

async fn verify(
    gateway: &StripeGateway,
    header: &str,
    body: &str,
    now: i64,
) -> Result<VerifiedWebhook, WebhookRejected> {
    gateway
        .verify_webhook(&webhook(body, &[("stripe-signature", header)]), at(now))
        .await
}

#[tokio::test]
async fn the_contracts_vector_verifies_and_types_a_paid_session() {
    let header = format!("t={T},v1={S1}");
    let verified = verify(&stripe(SECRET, None), &header, BODY, T + 10)
        .await
        .unwrap();
    let VerifiedWebhook::Event(event) = verified else {
        panic!("{verified:?}")
    };
    assert_eq!(event.event_id.as_deref(), Some("evt_test_0001"));
    assert_eq!(event.provider_ref.as_deref(), Some("cs_test_0001"));
    assert_eq!(event.payment, None, "appt_42 is not one of our payment ids");
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(150_000, "BDT"),
            transaction_ref: "cs_test_0001".into()
        }
    );
}

#[tokio::test]
async fn during_a_secret_roll_either_secret_verifies_the_two_signature_header() {
    let header = format!("t={T},v1={S1},v1={S2}");
    assert!(
        verify(&stripe(SECRET, None), &header, BODY, T)
            .await
            .is_ok(),
        "new secret"
    );
    assert!(
        verify(&stripe(PREVIOUS, None), &header, BODY, T)
            .await
            .is_ok(),
        "old secret"
    );
    let old_only = format!("t={T},v1={S2}");
    assert!(
        verify(&stripe(SECRET, Some(PREVIOUS)), &old_only, BODY, T)
            .await
            .is_ok(),
        "previous secret configured"
    );
}

#[tokio::test]
async fn the_timestamp_is_part_of_the_mac() {
    let moved = format!("t={},v1={S1}", T + 1);
    assert_eq!(
        verify(&stripe(SECRET, None), &moved, BODY, T).await,
        Err(WebhookRejected::BadSignature)
    );
    let right = format!("t={},v1={S3}", T + 1);
    assert!(verify(&stripe(SECRET, None), &right, BODY, T).await.is_ok());
}

#[tokio::test]
async fn forged_stale_and_incomplete_deliveries_are_rejected() {
    let gateway = stripe(SECRET, None);
    let good = format!("t={T},v1={S1}");
    let changed = BODY.replace("150000", "150001");
    let cases: [(&str, String, &str, i64, WebhookRejected); 6] = [
        (
            "a replay with a changed body",
            good.clone(),
            &changed,
            T,
            WebhookRejected::BadSignature,
        ),
        (
            "older than 300 s",
            good.clone(),
            BODY,
            T + 301,
            WebhookRejected::StaleTimestamp,
        ),
        (
            "further than 300 s ahead",
            good.clone(),
            BODY,
            T - 301,
            WebhookRejected::StaleTimestamp,
        ),
        (
            "only a v0 signature",
            format!("t={T},v0={S1}"),
            BODY,
            T,
            WebhookRejected::MissingHeader("Stripe-Signature"),
        ),
        (
            "no timestamp",
            format!("v1={S1}"),
            BODY,
            T,
            WebhookRejected::MissingHeader("Stripe-Signature"),
        ),
        (
            "a wrong secret's signature",
            format!("t={T},v1={S2}"),
            BODY,
            T,
            WebhookRejected::BadSignature,
        ),
    ];
    for (why, header, body, now, expected) in cases {
        assert_eq!(
            verify(&gateway, &header, body, now).await,
            Err(expected),
            "{why}"
        );
    }
    assert!(
        verify(&gateway, &good, BODY, T + 300).await.is_ok(),
        "300 s is still inside"
    );
    let missing = gateway.verify_webhook(&webhook(BODY, &[]), at(T)).await;
    assert_eq!(
        missing,
        Err(WebhookRejected::MissingHeader("Stripe-Signature"))
    );
}

/// Signs with the simulated gateway's signer: the same scheme as Stripe's.
async fn signed(body: &str) -> VerifiedWebhook {
    let signer = SimulatedGateway::new(SimulatedConfig {
        checkout_base: "http://127.0.0.1/sim".into(),
        webhook_secret: SecretString::from(SECRET),
        webhook_tolerance: std::time::Duration::from_secs(300),
    });
    let header = signer.sign_webhook(body.as_bytes(), at(T));
    verify(&stripe(SECRET, None), &header, body, T)
        .await
        .unwrap()
}

#[tokio::test]
async fn expiry_failure_refund_and_unknown_events_are_typed() {
    let expired = r#"{"id":"evt_2","type":"checkout.session.expired","data":{"object":{"id":"cs_1","status":"expired","payment_status":"unpaid","metadata":{"payment_id":"7","appointment_id":"42"}}}}"#;
    let VerifiedWebhook::Event(e) = signed(expired).await else {
        panic!()
    };
    assert_eq!(
        (e.kind, e.payment),
        (PaymentEventKind::Expired, Some(PaymentId::new(7)))
    );

    let failed = r#"{"id":"evt_3","type":"checkout.session.async_payment_failed","data":{"object":{"id":"cs_1","status":"complete","payment_status":"unpaid"}}}"#;
    let VerifiedWebhook::Event(e) = signed(failed).await else {
        panic!()
    };
    assert!(matches!(e.kind, PaymentEventKind::Failed { .. }));

    let unpaid = r#"{"id":"evt_4","type":"checkout.session.completed","data":{"object":{"id":"cs_1","status":"complete","payment_status":"unpaid"}}}"#;
    let VerifiedWebhook::Event(e) = signed(unpaid).await else {
        panic!()
    };
    assert_eq!(
        e.kind,
        PaymentEventKind::Pending,
        "a delayed method stays pending"
    );

    let refund = r#"{"id":"evt_5","type":"refund.updated","data":{"object":{"id":"re_1","object":"refund","amount":50000,"currency":"bdt","status":"succeeded","payment_intent":"pi_1","metadata":{"payment_id":"7"}}}}"#;
    let VerifiedWebhook::Event(e) = signed(refund).await else {
        panic!()
    };
    assert_eq!(e.payment, Some(PaymentId::new(7)));
    assert_eq!(
        e.kind,
        PaymentEventKind::Refund {
            refund_ref: "re_1".into(),
            amount: money(50_000, "BDT"),
            status: RefundStatus::Succeeded,
            transaction_ref: Some("pi_1".into()),
        }
    );

    let other = r#"{"id":"evt_6","type":"customer.created","data":{"object":{}}}"#;
    assert_eq!(
        signed(other).await,
        VerifiedWebhook::Ignored {
            event_id: Some("evt_6".into()),
            event_type: "customer.created".into()
        }
    );
}
