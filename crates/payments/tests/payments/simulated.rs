//! The simulated gateway's signed webhook and return, on the real providers' code path.

use crate::support::{at, checkout, money, params, webhook};
use consulta_domain::model::PaymentId;
use consulta_domain::ports::{
    CheckoutNext, PaymentError, PaymentEventKind, PaymentGateway, VerifiedWebhook, WebhookRejected,
};
use consulta_payments::simulated::SimulatedEvent;
use consulta_payments::{SimulatedConfig, SimulatedGateway, SIMULATED_SIGNATURE_HEADER};
use secrecy::SecretString;
use std::time::Duration;

fn gateway(secret: &str) -> SimulatedGateway {
    SimulatedGateway::new(SimulatedConfig {
        checkout_base: "http://127.0.0.1:8080/payments/simulated/".into(),
        webhook_secret: SecretString::from(secret),
        webhook_tolerance: Duration::from_secs(300),
    })
}

fn paid_body() -> String {
    serde_json::to_string(&SimulatedEvent {
        id: "sim_evt_1".into(),
        kind: "payment.succeeded".into(),
        sim_ref: "sim_7".into(),
        payment_id: 7,
        amount: 150_000,
        currency: "BDT".into(),
        refund_ref: None,
    })
    .unwrap()
}

#[tokio::test]
async fn the_checkout_is_consultas_own_page_one_per_payment() {
    let started = gateway("s").start_checkout(&checkout("BDT")).await.unwrap();
    assert_eq!(started.provider_ref, "sim_7");
    assert_eq!(
        started.next,
        CheckoutNext::Redirect {
            url: "http://127.0.0.1:8080/payments/simulated/sim_7".into()
        }
    );
}

#[tokio::test]
async fn a_signed_webhook_verifies_and_a_tampered_one_does_not() {
    let g = gateway("sim_secret_01");
    let body = paid_body();
    let header = g.sign_webhook(body.as_bytes(), at(1_767_225_600));
    assert!(header.starts_with("t=1767225600,v1="), "{header}");
    let ok = g
        .verify_webhook(
            &webhook(&body, &[(SIMULATED_SIGNATURE_HEADER, &header)]),
            at(1_767_225_650),
        )
        .await
        .unwrap();
    let VerifiedWebhook::Event(event) = ok else {
        panic!()
    };
    assert_eq!(event.payment, Some(PaymentId::new(7)));
    assert_eq!(
        event.kind,
        PaymentEventKind::Paid {
            amount: money(150_000, "BDT"),
            transaction_ref: "sim_7".into()
        }
    );

    let changed = body.replace("150000", "1");
    let cases = [
        (
            "changed body",
            webhook(&changed, &[(SIMULATED_SIGNATURE_HEADER, &header)]),
            1_767_225_600,
            WebhookRejected::BadSignature,
        ),
        (
            "stale",
            webhook(&body, &[(SIMULATED_SIGNATURE_HEADER, &header)]),
            1_767_225_901,
            WebhookRejected::StaleTimestamp,
        ),
        (
            "no header",
            webhook(&body, &[]),
            1_767_225_600,
            WebhookRejected::MissingHeader(SIMULATED_SIGNATURE_HEADER),
        ),
    ];
    for (why, request, now, expected) in cases {
        assert_eq!(
            g.verify_webhook(&request, at(now)).await,
            Err(expected),
            "{why}"
        );
    }
    let other_secret = gateway("another")
        .verify_webhook(
            &webhook(&body, &[(SIMULATED_SIGNATURE_HEADER, &header)]),
            at(1_767_225_600),
        )
        .await;
    assert_eq!(other_secret, Err(WebhookRejected::BadSignature));
}

#[tokio::test]
async fn a_signed_return_is_proof_and_an_edited_one_is_not() {
    let g = gateway("sim_secret_01");
    let back = g.signed_return("sim_7", "paid", money(150_000, "BDT"));
    let back = consulta_domain::ports::ReturnParams(back);
    assert_eq!(g.return_ref(&back).as_deref(), Some("sim_7"));
    let event = g.confirm_return("sim_7", &back).await.unwrap();
    assert!(matches!(event.kind, PaymentEventKind::Paid { .. }));

    let mut edited = back.clone();
    for (k, v) in &mut edited.0 {
        if k == "amount" {
            *v = "1".into();
        }
    }
    assert!(matches!(
        g.confirm_return("sim_7", &edited).await,
        Err(PaymentError::Unproven(_))
    ));
    assert!(matches!(
        g.confirm_return("sim_8", &back).await,
        Err(PaymentError::Unproven(_))
    ));
    let bare = params(&[("sim_ref", "sim_7"), ("status", "paid")]);
    assert!(matches!(
        g.confirm_return("sim_7", &bare).await,
        Err(PaymentError::Unproven(_))
    ));
}
