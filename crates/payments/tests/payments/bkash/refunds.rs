//! bKash refunds (v1), and what bKash does not offer.

use super::*;

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
        bkash.verify_webhook(&webhook("{}", &[]), at(0)).await,
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
