//! The payment flow through the real adapters pointed at local fakes of
//! Stripe, Razorpay and bKash: a hold that runs out tells Stripe, a pending
//! payment is reconciled on the clock, Razorpay's cross-site return is
//! verified by its signature without any cookie, and a bKash callback for a
//! payment never created here changes nothing.

use crate::helpers::{
    at, day, encode, location, new_client, spawn_app_using, test_adapters, TestClock, TRUSTED_PROXY,
};
use crate::payment_support::*;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn stripe_fake() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stripe_session("open", "unpaid", 1)))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_hold_that_runs_out_frees_the_slot_and_expires_the_stripe_session() {
    let server = stripe_fake().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions/cs_test_0001/expire"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(stripe_session("expired", "unpaid", 1)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let adapters = consulta_web::Adapters {
        gateways: Some(stripe_gateways(&server)),
        ..test_adapters(&clock)
    };
    let (app, doctor) = pay_first_app("", adapters).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;
    let response = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "https://checkout.stripe.com/c/pay/cs_test_0001"
    );
    let created = &server.received_requests().await.unwrap()[0];
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&created.body).unwrap();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    assert_eq!(
        field("cancel_url").as_deref(),
        Some(app.url(&format!("/appointments/{id}/pay")).as_str()),
        "Stripe's cancel leads back to the pay page"
    );
    assert_eq!(
        field("success_url"),
        Some(format!(
            "{}?session_id={{CHECKOUT_SESSION_ID}}",
            app.url("/payments/return/stripe")
        ))
    );
    assert_eq!(
        field("line_items[0][price_data][unit_amount]").as_deref(),
        Some("150000")
    );

    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(4),
    )
    .await;
    assert_eq!(sql_count(&app, "appointments WHERE status = 'expired'"), 1);
    let expired = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/v1/checkout/sessions/cs_test_0001/expire")
        .count();
    assert_eq!(expired, 1, "Stripe was told");
    let slots = app
        .page(&format!("/book?doctor_id={doctor}&date={}", day(3)))
        .await;
    assert!(
        slots.contains(&encode(&at(3, "10:00"))),
        "the slot is free again"
    );
}

#[tokio::test]
async fn a_payment_still_pending_after_half_an_hour_is_looked_up_and_settled() {
    let server = stripe_fake().await;
    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/cs_test_0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(stripe_session("complete", "paid", 1)),
        )
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let adapters = consulta_web::Adapters {
        gateways: Some(stripe_gateways(&server)),
        ..test_adapters(&clock)
    };
    // Pay after: the appointment is confirmed, so no hold runs out meanwhile.
    let app = spawn_app_using(TRUSTED_PROXY, adapters).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(3, "10:00"), "Paying after booking")
        .await;
    let id: i64 = location(&booked)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    post_pay(&app, &patient, id, &[]).await;
    assert_eq!(sql_count(&app, "payments WHERE status = 'pending'"), 1);
    app.pass(
        &clock,
        SignedDuration::from_mins(20),
        SignedDuration::from_mins(5),
    )
    .await;
    assert_eq!(
        sql_count(&app, "payments WHERE status = 'pending'"),
        1,
        "not looked up yet"
    );
    app.pass(
        &clock,
        SignedDuration::from_mins(20),
        SignedDuration::from_mins(5),
    )
    .await;
    assert_eq!(
        sql_count(&app, "payments WHERE status = 'paid'"),
        1,
        "settled by the lookup"
    );
    assert_eq!(sql_count(&app, "invoices"), 1);
    assert_eq!(
        sql_count(
            &app,
            &format!("appointments WHERE id = {id} AND payment_status = 'paid'")
        ),
        1
    );
}

/// §3.2's order and §3.5's payment for 1,500.00 INR, with test vector B's ids.
fn razorpay_fake_answers(amount: i64) -> (serde_json::Value, serde_json::Value) {
    (
        json!({
            "id": "order_Consulta0001A", "entity": "order", "amount": amount, "amount_paid": 0,
            "amount_due": amount, "currency": "INR", "receipt": "checkout:1", "offer_id": null,
            "status": "created", "attempts": 0, "notes": [], "created_at": 1767225600
        }),
        json!({
            "id": "pay_Consulta0001B", "entity": "payment", "amount": amount, "currency": "INR",
            "status": "captured", "order_id": "order_Consulta0001A", "captured": true,
            "amount_refunded": 0, "refund_status": null, "method": "upi", "notes": [],
            "created_at": 1767225600
        }),
    )
}

#[tokio::test]
async fn razorpays_return_post_without_cookies_is_verified_by_its_signature() {
    let server = MockServer::start().await;
    let (order, payment) = razorpay_fake_answers(150_000);
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/payments/pay_Consulta0001B"))
        .respond_with(ResponseTemplate::new(200).set_body_json(payment))
        .mount(&server)
        .await;
    let adapters = consulta_web::Adapters {
        gateways: Some(razorpay_gateways(&server)),
        ..consulta_web::Adapters::default()
    };
    let (app, doctor) = pay_first_app("clinic.currency = \"INR\"\n", adapters).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;
    let response = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the Razorpay Checkout page"
    );
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self' https://checkout.razorpay.com"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-src https://checkout.razorpay.com"),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("form-action 'self' {}", server.uri())),
        "{csp}"
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("https://checkout.razorpay.com/v1/checkout.js"));
    assert!(
        page.contains("name=\"order_id\" value=\"order_Consulta0001A\""),
        "the hosted fallback"
    );
    let elsewhere = app.get_with(&patient, "/dashboard").await;
    let strict = elsewhere.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        !strict.contains("razorpay"),
        "every other page keeps the strict policy"
    );

    // Cross-site: no cookie of any kind comes with Razorpay's POST.
    let bare = new_client();
    let back = app.url("/payments/return/razorpay");
    let forged = bare
        .post(&back)
        .form(&[
            ("razorpay_payment_id", "pay_Consulta0001B"),
            ("razorpay_order_id", "order_Consulta0001A"),
            (
                "razorpay_signature",
                "6f798508a9f780d1342fcc0b3d570e309bb05d88072fa9f0a8dfbcc3a99531d2",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        StatusCode::BAD_REQUEST,
        "a wrong signature"
    );
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 0);
    let genuine = bare
        .post(&back)
        .form(&[
            ("razorpay_payment_id", "pay_Consulta0001B"),
            ("razorpay_order_id", "order_Consulta0001A"),
            (
                "razorpay_signature",
                "6f798508a9f780d1342fcc0b3d570e309bb05d88072fa9f0a8dfbcc3a99531d1",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(genuine.status(), StatusCode::OK);
    assert!(genuine
        .text()
        .await
        .unwrap()
        .contains("data-outcome=\"confirmed\""));
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 1);
    assert_eq!(
        sql_count(
            &app,
            &format!("appointments WHERE id = {id} AND status = 'confirmed'")
        ),
        1
    );
}

#[tokio::test]
async fn a_bkash_callback_for_a_payment_never_created_here_is_404_and_asks_bkash_nothing() {
    let server = MockServer::start().await;
    let adapters = consulta_web::Adapters {
        gateways: Some(bkash_gateways(&server)),
        ..consulta_web::Adapters::default()
    };
    let (app, _doctor) = pay_first_app("", adapters).await;
    let response = new_client()
        .get(app.url(
            "/payments/return/bkash?paymentID=TR0011ON1565154754797&status=success&signature=x",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("No payment matches"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing asked of bKash"
    );
    assert_eq!(sql_count(&app, "payments"), 0);
    assert_eq!(sql_count(&app, "payment_events"), 0);
}

#[tokio::test]
async fn with_several_providers_the_patient_chooses_and_a_choice_not_offered_is_refused() {
    let stripe = stripe_fake().await;
    let razorpay = MockServer::start().await;
    let mut offered: Vec<std::sync::Arc<dyn consulta_domain::ports::PaymentGateway>> = Vec::new();
    for gateways in [stripe_gateways(&stripe), razorpay_gateways(&razorpay)] {
        for provider in gateways.offered() {
            offered.push(gateways.get(provider).unwrap().clone());
        }
    }
    let adapters = consulta_web::Adapters {
        gateways: Some(consulta_domain::services::payments::Gateways::new(offered)),
        ..consulta_web::Adapters::default()
    };
    let (app, doctor) = pay_first_app("", adapters).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;
    let page = app
        .page_with(&patient, &format!("/appointments/{id}/pay"))
        .await;
    assert!(page.contains("id=\"provider-stripe\"") && page.contains("id=\"provider-razorpay\""));
    assert!(page.contains("<legend"), "the choice is labelled");

    let refused = post_pay(&app, &patient, id, &[("provider", "paypal")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Choose one of the payment methods offered"));
    assert_eq!(sql_count(&app, "payments"), 0, "nothing opened");

    let chosen = post_pay(&app, &patient, id, &[("provider", "stripe")]).await;
    assert_eq!(
        location(&chosen),
        "https://checkout.stripe.com/c/pay/cs_test_0001"
    );
    assert_eq!(
        sql_count(&app, "payments WHERE payment_method = 'stripe'"),
        1
    );
    assert!(razorpay.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_provider_that_does_not_answer_gets_a_try_again_page_and_charges_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": {
            "type": "api_error", "message": "Stripe is down for maintenance (sk_test_123 must never show)"
        }})))
        .mount(&server)
        .await;
    let adapters = consulta_web::Adapters {
        gateways: Some(stripe_gateways(&server)),
        ..consulta_web::Adapters::default()
    };
    let (app, doctor) = pay_first_app("", adapters).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;
    let response = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("The payment provider is not answering"),
        "{page}"
    );
    assert!(page.contains("try again"));
    assert!(
        page.contains("id=\"pay-button\""),
        "the pay page again, to retry"
    );
    assert!(!page.contains("sk_test_123"), "no secret on the page");
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 0);
    assert_eq!(
        sql_count(
            &app,
            &format!("appointments WHERE id = {id} AND status = 'pending_payment'")
        ),
        1,
        "still held"
    );
}

#[tokio::test]
async fn stripes_return_is_believed_only_once_stripe_says_the_session_is_paid() {
    let server = stripe_fake().await;
    let adapters = consulta_web::Adapters {
        gateways: Some(stripe_gateways(&server)),
        ..consulta_web::Adapters::default()
    };
    let (app, doctor) = pay_first_app("", adapters).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;
    post_pay(&app, &patient, id, &[]).await;
    let back = app.url("/payments/return/stripe?session_id=cs_test_0001");

    // Stripe still has the session open: the return alone proves nothing.
    let open = Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/cs_test_0001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stripe_session("open", "unpaid", 1)))
        .mount_as_scoped(&server)
        .await;
    let waiting = new_client().get(&back).send().await.unwrap();
    assert_eq!(waiting.status(), StatusCode::OK);
    assert!(waiting
        .text()
        .await
        .unwrap()
        .contains("data-outcome=\"waiting\""));
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 0);
    drop(open);

    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/cs_test_0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(stripe_session("complete", "paid", 1)),
        )
        .mount(&server)
        .await;
    let paid = new_client().get(&back).send().await.unwrap();
    assert!(paid
        .text()
        .await
        .unwrap()
        .contains("data-outcome=\"confirmed\""));
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "appointments WHERE id = {id} AND status = 'confirmed' AND payment_status = 'paid'"
            )
        ),
        1
    );
    assert_eq!(sql_count(&app, "invoices"), 1);
}
