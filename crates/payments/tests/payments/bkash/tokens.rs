//! bKash tokens: one grant serves many calls, refreshed before expiry, renewed on 401.

use super::*;

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
