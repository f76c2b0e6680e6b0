//! bKash create, execute and callbacks, settled by payment/status; errors inside HTTP 200.

use super::*;

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
