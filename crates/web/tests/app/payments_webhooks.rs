//! POST /webhooks/{provider} with the simulated gateway's signed events:
//! applied once whatever the repeats and races, refused (400, nothing
//! written) when the signature, header or timestamp does not hold.

use crate::helpers::{at, logs, TestApp};
use crate::payment_support::*;
use consulta_payments::SIMULATED_SIGNATURE_HEADER;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;

const FEE: i64 = 150_000;

/// A signature header's name and value, or none.
type Signature<'a> = Option<(&'a str, String)>;

/// Nothing about the payment changed: still pending, nothing recorded.
fn unchanged(app: &TestApp, why: &str) {
    assert_eq!(
        sql_count(app, "payments WHERE status = 'pending'"),
        1,
        "{why}"
    );
    assert_eq!(sql_count(app, "payment_events"), 0, "{why}");
    assert_eq!(sql_count(app, "invoices"), 0, "{why}");
    assert_eq!(
        sql_count(
            app,
            "appointments WHERE status = 'pending_payment' AND payment_status = 'pending'"
        ),
        1,
        "{why}"
    );
}

async fn opened() -> (TestApp, i64, String) {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let (id, sim_ref) = book_and_open(&app, &patient, doctor, &at(3, "10:00")).await;
    (app, id, sim_ref)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_webhook_delivered_five_times_at_once_makes_one_payment_and_one_invoice() {
    let (app, id, sim_ref) = opened().await;
    let body = sim_event("evt_sim_five", "payment.succeeded", &sim_ref, FEE);
    let signature = simulated(&app).sign_webhook(&body, Timestamp::now());
    let mut deliveries = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let (url, body, signature) = (
            app.url("/webhooks/simulated"),
            body.clone(),
            signature.clone(),
        );
        deliveries.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header(SIMULATED_SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = deliveries.join_next().await {
        assert_eq!(
            status.unwrap(),
            StatusCode::OK,
            "every delivery is answered 200"
        );
    }
    assert_eq!(sql_count(&app, "payment_events"), 1);
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 1);
    assert_eq!(sql_count(&app, "invoices"), 1);
    assert_eq!(
        sql_count(&app, "outbox_jobs WHERE kind = 'send_receipt'"),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "appointment_history WHERE appointment_id = {id} AND new_status = 'confirmed'"
            )
        ),
        1,
        "one transition"
    );
}

#[tokio::test]
async fn a_bad_signature_a_missing_header_a_stale_timestamp_or_a_changed_body_is_400_and_changes_nothing(
) {
    let (app, _id, sim_ref) = opened().await;
    let body = sim_event("evt_sim_bad", "payment.succeeded", &sim_ref, FEE);
    let now = Timestamp::now();
    let genuine = simulated(&app).sign_webhook(&body, now);
    let wrong_secret =
        consulta_payments::SimulatedGateway::new(consulta_payments::SimulatedConfig::new(
            app.url("/payments/simulated"),
            secrecy::SecretString::from("not-the-clinics-secret-not-the-clinics-secret"),
        ))
        .sign_webhook(&body, now);
    let stale = simulated(&app).sign_webhook(&body, now - SignedDuration::from_mins(10));
    let changed = sim_event("evt_sim_bad", "payment.succeeded", &sim_ref, 1);
    let cases: Vec<(&str, Vec<u8>, Signature)> = vec![
        (
            "signed with another secret",
            body.clone(),
            Some((SIMULATED_SIGNATURE_HEADER, wrong_secret)),
        ),
        ("no signature header", body.clone(), None),
        (
            "a malformed header",
            body.clone(),
            Some((SIMULATED_SIGNATURE_HEADER, "v1=abc".into())),
        ),
        (
            "a timestamp ten minutes old",
            body.clone(),
            Some((SIMULATED_SIGNATURE_HEADER, stale)),
        ),
        (
            "a replay with a changed body",
            changed,
            Some((SIMULATED_SIGNATURE_HEADER, genuine.clone())),
        ),
    ];
    for (why, body, signature) in cases {
        let response = post_webhook(&app, "simulated", body, signature).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{why}");
        let text = response.text().await.unwrap();
        assert!(
            !text.contains("secret"),
            "{why}: the answer says nothing of secrets"
        );
        unchanged(&app, why);
    }
    let secret = std::fs::read_to_string(app.dir.path().join("simulated-webhook.key")).unwrap();
    assert!(
        !logs().contains(secret.trim()),
        "the secret never reaches the log"
    );
    // The genuine one still works afterwards.
    let ok = post_webhook(
        &app,
        "simulated",
        body,
        Some((SIMULATED_SIGNATURE_HEADER, genuine)),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 1);
}

#[tokio::test]
async fn another_amount_than_asked_is_answered_200_not_paid_and_flagged() {
    let (app, _id, sim_ref) = opened().await;
    let body = sim_event("evt_sim_less", "payment.succeeded", &sim_ref, FEE - 1);
    let response = signed_sim_webhook(&app, body, Timestamp::now()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 0);
    assert_eq!(
        sql_count(&app, "payments WHERE flagged_reason IS NOT NULL"),
        1
    );
    assert_eq!(sql_count(&app, "invoices"), 0);
    assert_eq!(
        sql_count(&app, "appointments WHERE status = 'pending_payment'"),
        1
    );
}

#[tokio::test]
async fn unknown_event_types_are_200_and_ignored_and_unknown_or_unoffered_providers_404() {
    let (app, _id, sim_ref) = opened().await;
    let body = sim_event("evt_sim_odd", "payment.disputed", &sim_ref, FEE);
    let response = signed_sim_webhook(&app, body, Timestamp::now()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sql_count(&app, "payments WHERE status = 'pending'"), 1);
    for provider in ["paypal", "stripe"] {
        let response = post_webhook(&app, provider, b"{}".to_vec(), None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{provider}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_webhook_and_the_return_page_at_once_make_one_transition_one_invoice_one_receipt() {
    let (app, id, sim_ref) = opened().await;
    let body = sim_event("evt_sim_race", "payment.succeeded", &sim_ref, FEE);
    let back = signed_return_path(&app, &sim_ref, "paid", FEE);
    let webhook = signed_sim_webhook(&app, body, Timestamp::now());
    // The return arrives without the session cookie, as it may from a provider.
    let page = async { reqwest::get(app.url(&back)).await.unwrap() };
    let (webhook, page) = tokio::join!(webhook, page);
    assert_eq!(webhook.status(), StatusCode::OK);
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("data-outcome=\"confirmed\""));
    assert_eq!(sql_count(&app, "payments WHERE status = 'paid'"), 1);
    assert_eq!(sql_count(&app, "invoices"), 1);
    assert_eq!(
        sql_count(&app, "outbox_jobs WHERE kind = 'send_receipt'"),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "appointment_history WHERE appointment_id = {id} AND new_status = 'confirmed'"
            )
        ),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_payments_of_different_appointments_get_consecutive_invoice_numbers() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let times = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
    let mut refs = Vec::new();
    for (n, time) in times.iter().enumerate() {
        let patient = app.patient(n + 1).await;
        refs.push(book_and_open(&app, &patient, doctor, &at(3, time)).await.1);
    }
    let now = Timestamp::now();
    let mut deliveries = tokio::task::JoinSet::new();
    for (n, sim_ref) in refs.iter().enumerate() {
        let body = sim_event(
            &format!("evt_sim_many_{n}"),
            "payment.succeeded",
            sim_ref,
            FEE,
        );
        let signature = simulated(&app).sign_webhook(&body, now);
        let url = app.url("/webhooks/simulated");
        deliveries.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header(SIMULATED_SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = deliveries.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    let year = now.to_zoned(jiff::tz::TimeZone::UTC).year();
    assert_eq!(sql_count(&app, "invoices"), 6);
    assert_eq!(
        sql_count(&app, "(SELECT DISTINCT sequence FROM invoices)"),
        6,
        "no repeat"
    );
    assert_eq!(
        sql_count(&app, "invoices WHERE sequence BETWEEN 1 AND 6"),
        6,
        "1 to 6 without a gap"
    );
    assert_eq!(
        sql_count(
            &app,
            &format!("invoices WHERE number = 'INV-{year}-000006'")
        ),
        1
    );
}

#[tokio::test]
async fn a_return_naming_no_payment_or_with_a_bad_signature_changes_nothing() {
    let (app, _id, sim_ref) = opened().await;
    let unknown = signed_return_path(&app, "sim_999", "paid", FEE);
    let response = reqwest::get(app.url(&unknown)).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let forged = signed_return_path(&app, &sim_ref, "paid", FEE)
        .replace("status=paid", "status=paid&x=1")
        .replace("amount=150000", "amount=150001");
    let response = reqwest::get(app.url(&forged)).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    unchanged(&app, "a return proves nothing it does not sign");
}
