//! Paying for an appointment over HTTP with the simulated gateway: the pay
//! page, the TEST MODE checkout (its webhook a real POST to the app), the
//! return page, holds that run out, and "pay now" under "after".

use crate::helpers::{at, location, spawn_app_with, test_adapters, TestClock, TRUSTED_PROXY};
use crate::payment_support::*;
use jiff::SignedDuration;
use reqwest::StatusCode;

const CONFIRMATION_JOBS: &str = "outbox_jobs WHERE kind IN ('create_meeting', 'send_confirmation')";

#[tokio::test]
async fn paying_first_through_the_test_mode_page_confirms_and_only_then_sends_the_confirmation() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:00")).await;

    let page = app
        .page_with(&patient, &format!("/appointments/{id}/pay"))
        .await;
    assert!(page.contains("Dr. Test Doctor"), "the doctor");
    assert!(page.contains("1,500.00"), "the amount: {page}");
    assert!(page.contains("BDT"), "the currency");
    assert!(page.contains("id=\"hold-countdown\""), "the countdown");
    assert!(page.contains("/static/js/countdown.js"), "its script");
    assert!(page.contains("minutes"), "time left, without a script");
    assert_eq!(sql_count(&app, "payments"), 0, "the page creates nothing");
    assert_eq!(
        sql_count(&app, CONFIRMATION_JOBS),
        0,
        "nothing before payment"
    );

    let response = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let checkout = location(&response);
    assert_eq!(checkout, app.url("/payments/simulated/sim_1"));
    let test_page = app.page_with(&patient, "/payments/simulated/sim_1").await;
    assert!(test_page.contains("TEST MODE") && test_page.contains("1,500.00"));
    assert_eq!(sql_count(&app, CONFIRMATION_JOBS), 0, "still nothing");

    let response = test_page_press(&app, &patient, "sim_1", "pay").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let back = location(&response);
    assert!(
        back.starts_with(&app.url("/payments/return/simulated?sim_ref=sim_1&status=paid")),
        "{back}"
    );
    // The webhook came by HTTP before the browser was sent back.
    assert_eq!(
        sql_count(&app, "payment_events WHERE provider = 'simulated'"),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "appointments WHERE id = {id} AND status = 'confirmed' AND payment_status = 'paid'"
            )
        ),
        1
    );
    assert_eq!(
        sql_count(&app, "invoices"),
        1,
        "the invoice, with the Paid transition"
    );
    assert_eq!(
        sql_count(&app, CONFIRMATION_JOBS),
        2,
        "only now the meeting and confirmation"
    );

    let result = app.page_with(&patient, &local(&app, &back)).await;
    assert!(result.contains("data-outcome=\"confirmed\""), "{result}");
    assert!(result.contains("Payment received"));
    assert!(result.contains(&format!("/appointments/{id}")));
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_confirmation' AND state = 'done'",
        1,
    )
    .await;
    let shown = app
        .page_with(&patient, &format!("/appointments/{id}"))
        .await;
    assert!(shown.contains("Confirmed"));
    assert!(!shown.contains("id=\"pay-now\""), "nothing left to pay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_pay_page_creates_nothing_and_a_double_click_opens_one_checkout() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "10:30")).await;
    for _ in 0..3 {
        app.page_with(&patient, &format!("/appointments/{id}/pay"))
            .await;
    }
    assert_eq!(sql_count(&app, "payments"), 0);
    let token = token_of(&app, &patient, &format!("/appointments/{id}/pay")).await;
    let mut clicks = tokio::task::JoinSet::new();
    for _ in 0..2 {
        let (client, url, token) = (
            patient.clone(),
            app.url(&format!("/appointments/{id}/pay")),
            token.clone(),
        );
        clicks.spawn(async move {
            client
                .post(url)
                .form(&[("csrf_token", token)])
                .send()
                .await
                .unwrap()
        });
    }
    let mut places = Vec::new();
    while let Some(answer) = clicks.join_next().await {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        places.push(location(&answer));
    }
    assert_eq!(places[0], places[1], "the same checkout both times");
    assert_eq!(sql_count(&app, "payments"), 1, "one payment");
    assert_eq!(
        sql_count(
            &app,
            "payments WHERE status = 'pending' AND provider_ref = 'sim_1'"
        ),
        1
    );
    // A third click later still reuses it.
    let again = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(location(&again), places[0]);
    assert_eq!(sql_count(&app, "payments"), 1);
}

#[tokio::test]
async fn another_patients_pay_page_and_test_checkout_are_not_found() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let owner = app.patient(1).await;
    let other = app.patient(2).await;
    let (id, sim_ref) = book_and_open(&app, &owner, doctor, &at(3, "11:00")).await;
    for path in [
        format!("/appointments/{id}/pay"),
        format!("/payments/simulated/{sim_ref}"),
    ] {
        assert_eq!(
            app.get_with(&other, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let token = token_of(&app, &other, "/dashboard").await;
    let pay = app
        .post_raw(
            &other,
            &format!("/appointments/{id}/pay"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(pay.status(), StatusCode::NOT_FOUND);
    let press = app
        .post_raw(
            &other,
            &format!("/payments/simulated/{sim_ref}"),
            &[("csrf_token", &token), ("outcome", "pay")],
        )
        .await;
    assert_eq!(press.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        sql_count(&app, "payments WHERE status = 'pending'"),
        1,
        "nothing changed"
    );
    assert_eq!(sql_count(&app, "payment_events"), 0);
}

#[tokio::test]
async fn the_test_page_without_its_csrf_token_is_refused_and_sends_nothing() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let (_, sim_ref) = book_and_open(&app, &patient, doctor, &at(3, "11:30")).await;
    let press = app
        .post_raw(
            &patient,
            &format!("/payments/simulated/{sim_ref}"),
            &[("outcome", "pay")],
        )
        .await;
    assert_eq!(press.status(), StatusCode::FORBIDDEN);
    assert_eq!(sql_count(&app, "payment_events"), 0);
    assert_eq!(sql_count(&app, "payments WHERE status = 'pending'"), 1);
}

#[tokio::test]
async fn declining_shows_payment_failed_keeps_the_hold_and_lets_the_patient_try_again() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let (id, sim_ref) = book_and_open(&app, &patient, doctor, &at(3, "10:00")).await;
    let response = test_page_press(&app, &patient, &sim_ref, "decline").await;
    let back = location(&response);
    assert!(back.contains("status=failed"), "{back}");
    let result = app.page_with(&patient, &local(&app, &back)).await;
    assert!(result.contains("Payment not completed"), "{result}");
    assert!(
        result.contains(&format!("href=\"/appointments/{id}/pay\"")),
        "try again"
    );
    assert_eq!(sql_count(&app, "payments WHERE status = 'failed'"), 1);
    assert_eq!(
        sql_count(
            &app,
            &format!("appointments WHERE id = {id} AND status = 'pending_payment'")
        ),
        1,
        "still held"
    );
    assert_eq!(sql_count(&app, "invoices"), 0);
    let closed = app
        .page_with(&patient, &format!("/payments/simulated/{sim_ref}"))
        .await;
    assert!(closed.contains("TEST MODE") && closed.contains("id=\"sim-closed\""));

    let again = post_pay(&app, &patient, id, &[]).await;
    assert_eq!(
        location(&again),
        app.url("/payments/simulated/sim_2"),
        "a new checkout"
    );
    let paid = test_page_press(&app, &patient, "sim_2", "pay").await;
    app.page_with(&patient, &local(&app, &location(&paid)))
        .await;
    assert_eq!(
        sql_count(
            &app,
            &format!("appointments WHERE id = {id} AND status = 'confirmed'")
        ),
        1
    );
}

#[tokio::test]
async fn a_paid_appointments_pay_page_leads_back_to_it_saying_so() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let (id, sim_ref) = book_and_open(&app, &patient, doctor, &at(3, "13:00")).await;
    test_page_press(&app, &patient, &sim_ref, "pay").await;
    let response = app
        .get_with(&patient, &format!("/appointments/{id}/pay"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/appointments/{id}"));
    let shown = app
        .page_with(&patient, &format!("/appointments/{id}"))
        .await;
    assert!(shown.contains("paid already"), "{shown}");
    let again = post_pay_raw(&app, &patient, id).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(sql_count(&app, "payments"), 1, "nothing more was opened");
}

async fn post_pay_raw(
    app: &crate::helpers::TestApp,
    patient: &reqwest::Client,
    id: i64,
) -> reqwest::Response {
    let token = token_of(app, patient, "/dashboard").await;
    app.post_raw(
        patient,
        &format!("/appointments/{id}/pay"),
        &[("csrf_token", &token)],
    )
    .await
}

#[tokio::test]
async fn a_hold_that_ran_out_cannot_be_paid_anew() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    let patient = app.patient(1).await;
    let id = book_held(&app, &patient, doctor, &at(3, "14:00")).await;
    app.execute("UPDATE appointments SET hold_until = strftime('%s','now') - 1");
    let page = app
        .get_with(&patient, &format!("/appointments/{id}/pay"))
        .await;
    assert_eq!(page.status(), StatusCode::CONFLICT);
    assert!(page.text().await.unwrap().contains("cannot be paid now"));
    let posted = post_pay_raw(&app, &patient, id).await;
    assert_eq!(posted.status(), StatusCode::CONFLICT);
    assert_eq!(sql_count(&app, "payments"), 0);
}

#[tokio::test]
async fn a_late_payment_confirms_a_slot_still_free_and_refunds_one_taken() {
    let clock = TestClock::new();
    let (app, doctor) = pay_first_app("", test_adapters(&clock)).await;
    let late = app.patient(1).await;
    let (free_id, free_ref) = book_and_open(&app, &late, doctor, &at(3, "09:00")).await;
    let (taken_id, taken_ref) = book_and_open(&app, &late, doctor, &at(3, "09:30")).await;
    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(4),
    )
    .await;
    assert_eq!(sql_count(&app, "appointments WHERE status = 'expired'"), 2);
    // Someone else takes the 09:30 slot meanwhile.
    let other = app.patient(2).await;
    book_held(&app, &other, doctor, &at(3, "09:30")).await;

    let response = test_page_press(&app, &late, &free_ref, "pay").await;
    let result = app
        .page_with(&late, &local(&app, &location(&response)))
        .await;
    assert!(
        result.contains("data-outcome=\"confirmed_after_expiry\""),
        "{result}"
    );
    assert!(result.contains("the slot was still free"));
    assert_eq!(
        sql_count(&app, &format!("appointments WHERE id = {free_id} AND status = 'confirmed' AND payment_status = 'paid'")),
        1
    );

    let response = test_page_press(&app, &late, &taken_ref, "pay").await;
    let result = app
        .page_with(&late, &local(&app, &location(&response)))
        .await;
    assert!(result.contains("data-outcome=\"refund_due\""), "{result}");
    assert!(result.contains("will be refunded"));
    app.settle(clock.now()).await;
    assert_eq!(
        sql_count(&app, &format!("appointments WHERE id = {taken_id} AND status = 'expired' AND payment_status = 'refunded'")),
        1,
        "the refund job refunded it"
    );
    assert_eq!(sql_count(&app, "refunds"), 1);
}

#[tokio::test]
async fn under_pay_after_the_dashboard_and_appointment_page_offer_pay_now() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(3, "15:00"), "Pay after booking")
        .await;
    let shown = location(&response);
    let id: i64 = shown.rsplit('/').next().unwrap().parse().unwrap();
    let dashboard = app.page_with(&patient, "/dashboard").await;
    assert!(
        dashboard.contains(&format!("href=\"/appointments/{id}/pay\">Pay now")),
        "{dashboard}"
    );
    let page = app.page_with(&patient, &shown).await;
    assert!(page.contains("id=\"pay-now\""));
    let pay = app
        .page_with(&patient, &format!("/appointments/{id}/pay"))
        .await;
    assert!(
        !pay.contains("hold-countdown"),
        "confirmed already: no hold"
    );
    let response = post_pay(&app, &patient, id, &[]).await;
    let sim_ref = sim_ref_of(&response);
    test_page_press(&app, &patient, &sim_ref, "pay").await;
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "appointments WHERE id = {id} AND status = 'confirmed' AND payment_status = 'paid'"
            )
        ),
        1
    );
    assert!(!app
        .page_with(&patient, "/dashboard")
        .await
        .contains("Pay now"));
}

#[tokio::test]
async fn without_online_payment_there_is_no_pay_now_and_no_pay_page() {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}payments.enabled = false\n")).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(3, "15:30"), "Paying at the clinic")
        .await;
    let shown = location(&response);
    let id: i64 = shown.rsplit('/').next().unwrap().parse().unwrap();
    assert!(!app
        .page_with(&patient, "/dashboard")
        .await
        .contains("Pay now"));
    assert_eq!(
        app.get_with(&patient, &format!("/appointments/{id}/pay"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
