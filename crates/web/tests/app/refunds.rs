//! Refunds: staff refund from /admin/appointments/{id} after an "are you
//! sure?" page, fully or partly up to what was paid, audited, with clear
//! refusals; and a patient's own cancellation refunds what
//! `payments.refund_policy` gives back, said before they confirm.

use crate::helpers::*;
use crate::payment_fixtures::{appointment_of, pay, pay_through_store, DownGateway};
use consulta_domain::services::payments::Gateways;
use reqwest::{Client, StatusCode};
use std::sync::Arc;

/// A paid appointment three days ahead; returns the admin, the patient,
/// the appointment's page (the patient's), the payment id and the invoice.
async fn paid(app: &TestApp) -> (Client, Client, String, i64, String) {
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Check-up")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let url = location(&booked);
    let (payment, invoice) = pay(app, &patient, appointment_of(&url)).await;
    (admin, patient, url, payment.get(), invoice.to_string())
}

/// Staff's refund form posted as the appointment page holds it.
async fn refund(
    app: &TestApp,
    admin: &Client,
    appointment: i64,
    payment: i64,
    amount: &str,
    reason: &str,
    confirmed: bool,
) -> reqwest::Response {
    let page = format!("/admin/appointments/{appointment}");
    let payment = payment.to_string();
    let mut fields = vec![
        ("payment_id", payment.as_str()),
        ("amount", amount),
        ("reason", reason),
    ];
    if confirmed {
        fields.push(("confirmed", "yes"));
    }
    app.submit_with(admin, &page, &format!("{page}/refund"), &fields)
        .await
}

fn refunds(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM refunds")
}

fn status_of(app: &TestApp, payment: i64, want: &str) -> bool {
    app.count(&format!(
        "SELECT COUNT(*) AS n FROM payments p JOIN appointments a ON a.id = p.appointment_id \
         WHERE p.id = {payment} AND p.status = '{want}' AND a.payment_status = '{want}'"
    )) == 1
}

#[tokio::test]
async fn a_full_refund_asks_first_then_marks_the_payment_refunded_beside_the_unchanged_invoice() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, patient, url, payment, invoice) = paid(&app).await;
    let appointment = appointment_of(&url);

    let page = app
        .page_with(&admin, &format!("/admin/appointments/{appointment}"))
        .await;
    assert!(
        page.contains("Payments and refunds"),
        "the section is there"
    );
    assert!(
        page.contains("value=\"1500.00\""),
        "the amount defaults to what is left"
    );
    assert!(
        page.contains(&format!("/invoices/{invoice}")),
        "links the invoice"
    );

    let asked = refund(
        &app,
        &admin,
        appointment,
        payment,
        "1500.00",
        "Doctor ill",
        false,
    )
    .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert!(
        asked.contains("Refund 1,500.00 BDT?") && asked.contains("Doctor ill"),
        "the confirmation shows the amount and the reason"
    );
    assert_eq!(refunds(&app), 0, "nothing refunded before confirming");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'payment.%'"),
        0
    );

    let done = refund(
        &app,
        &admin,
        appointment,
        payment,
        "1500.00",
        "Doctor ill",
        true,
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&done),
        format!("/admin/appointments/{appointment}")
    );
    assert!(
        status_of(&app, payment, "refunded"),
        "payment and appointment say refunded"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_refund'"),
        1,
        "the patient is mailed about the refund"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.refund_requested' \
             AND subject = 'payment:{payment}' AND actor_kind IS NOT NULL"
        )),
        1,
        "the refund is audited"
    );
    let after = app
        .page_with(&admin, &format!("/admin/appointments/{appointment}"))
        .await;
    assert!(after.contains("The refund was made"), "says it was done");
    assert!(
        after.contains("Doctor ill"),
        "the refund is listed with its reason"
    );
    assert!(!after.contains("Refund…"), "nothing is left to refund");

    let shown = app
        .page_with(&patient, &format!("/invoices/{invoice}"))
        .await;
    let (invoice_part, refunds_part) = shown.split_once("id=\"invoice-refunds\"").unwrap();
    assert!(
        invoice_part.contains("1,500.00 BDT"),
        "the invoice keeps its amount"
    );
    assert!(
        refunds_part.contains("1,500.00 BDT") && refunds_part.contains("Doctor ill"),
        "the refund is shown beside it"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM invoices WHERE number = '{invoice}' AND amount = 150000"
        )),
        1,
        "the invoice row is as issued"
    );
    let own = app.page_with(&patient, &url).await;
    assert!(
        own.contains("Refunded"),
        "the patient's page shows the refund"
    );
}

#[tokio::test]
async fn partial_refunds_add_up_and_one_beyond_the_remainder_is_refused_changing_nothing() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, _patient, url, payment, _) = paid(&app).await;
    let appointment = appointment_of(&url);
    for amount in ["500", "600.50"] {
        let done = refund(&app, &admin, appointment, payment, amount, "Goodwill", true).await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER, "refund of {amount}");
    }
    assert!(status_of(&app, payment, "partially_refunded"));
    assert_eq!(app.count("SELECT SUM(amount) AS n FROM refunds"), 110_050);

    let too_much = refund(&app, &admin, appointment, payment, "400", "One more", true).await;
    assert_eq!(too_much.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = too_much.text().await.unwrap();
    assert!(
        body.contains("at most 399.50 BDT can still be refunded"),
        "says what is left: {body}"
    );
    assert!(
        body.contains("value=\"400\"") && body.contains("One more"),
        "keeps what was typed"
    );
    assert_eq!(refunds(&app), 2, "nothing more refunded");
    assert!(status_of(&app, payment, "partially_refunded"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.refund_requested'"),
        2,
        "a refused refund writes no audit row"
    );
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{appointment}"))
        .await;
    assert!(
        page.contains("value=\"399.50\""),
        "the form now offers the rest"
    );
}

#[tokio::test]
async fn bad_refund_forms_are_answered_on_the_same_page_and_only_admins_may_refund() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, patient, url, payment, _) = paid(&app).await;
    let appointment = appointment_of(&url);
    for (amount, reason, why) in [
        ("abc", "Reason", "not a number"),
        ("0", "Reason", "zero"),
        ("-5", "Reason", "negative"),
        ("10.001", "Reason", "more decimals than the currency has"),
        ("100", "  ", "no reason"),
    ] {
        for confirmed in [false, true] {
            let response = refund(
                &app,
                &admin,
                appointment,
                payment,
                amount,
                reason,
                confirmed,
            )
            .await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{why} (confirmed: {confirmed})"
            );
            let body = response.text().await.unwrap();
            assert!(body.contains("Nothing was refunded."), "{why}: {body}");
        }
    }
    assert_eq!(refunds(&app), 0);
    assert!(status_of(&app, payment, "paid"));

    let no_token = app
        .post_raw(
            &admin,
            &format!("/admin/appointments/{appointment}/refund"),
            &[
                ("payment_id", &payment.to_string()),
                ("amount", "10"),
                ("reason", "x"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(
        no_token.status(),
        StatusCode::FORBIDDEN,
        "the CSRF token is checked"
    );
    let by_patient = app
        .submit_with(
            &patient,
            "/dashboard",
            &format!("/admin/appointments/{appointment}/refund"),
            &[
                ("payment_id", &payment.to_string()),
                ("amount", "10"),
                ("reason", "x"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(
        by_patient.status(),
        StatusCode::FORBIDDEN,
        "patients may not refund"
    );
    let wrong_appointment = app
        .submit_with(
            &admin,
            &format!("/admin/appointments/{appointment}"),
            &format!("/admin/appointments/{}/refund", appointment + 1),
            &[
                ("payment_id", &payment.to_string()),
                ("amount", "10"),
                ("reason", "x"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(
        wrong_appointment.status(),
        StatusCode::NOT_FOUND,
        "another appointment's payment"
    );
    assert_eq!(refunds(&app), 0);
}

#[tokio::test]
async fn a_provider_that_is_down_refunds_nothing_and_says_to_try_again() {
    let adapters = consulta_web::Adapters {
        gateways: Some(Gateways::new(vec![Arc::new(DownGateway)])),
        ..consulta_web::Adapters::default()
    };
    let app = spawn_app_using(TRUSTED_PROXY, adapters).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Check-up")
        .await;
    let appointment = appointment_of(&location(&booked));
    let payment = pay_through_store(&app, appointment).await.0.get();
    let response = refund(
        &app,
        &admin,
        appointment,
        payment,
        "1500",
        "Doctor ill",
        true,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("not answering") && body.contains("Try again in a few minutes"),
        "{body}"
    );
    assert_eq!(refunds(&app), 0);
    assert!(status_of(&app, payment, "paid"));
}

async fn cancel(app: &TestApp, patient: &Client, url: &str, confirmed: bool) -> reqwest::Response {
    let mut fields = vec![("reason", "Feeling better")];
    if confirmed {
        fields.push(("confirmed", "yes"));
    }
    app.submit_with(patient, url, &format!("{url}/cancel"), &fields)
        .await
}

#[tokio::test]
async fn under_a_50_percent_policy_the_cancel_page_quotes_half_and_cancelling_refunds_it() {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}payments.refund_policy = \"50%\"\n"
    ))
    .await;
    let (_admin, patient, url, payment, invoice) = paid(&app).await;
    let page = app.page_with(&patient, &url).await;
    assert!(
        page.contains("750.00 BDT (50% of what you paid"),
        "the appointment page says it"
    );

    let asked = cancel(&app, &patient, &url, false).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert!(
        asked.contains("Cancel this appointment?")
            && asked.contains("750.00 BDT (50% of what you paid"),
        "the confirmation says what comes back"
    );
    assert_eq!(refunds(&app), 0, "nothing before confirming");

    let done = cancel(&app, &patient, &url, true).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT amount AS n FROM refunds WHERE payment_id = {payment}"
        )),
        75_000
    );
    assert!(status_of(&app, payment, "partially_refunded"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_refund'"),
        1,
        "the patient is mailed about the refund"
    );
    let page = app.page_with(&patient, &url).await;
    assert!(page.contains("Cancelled"), "cancelled");
    assert!(
        page.contains("750.00 BDT refunded on"),
        "the appointment page shows the refund"
    );
    let shown = app
        .page_with(&patient, &format!("/invoices/{invoice}"))
        .await;
    assert!(
        shown.contains("Cancelled by the patient."),
        "the invoice page lists it"
    );
}

#[tokio::test]
async fn under_the_none_policy_the_cancel_page_says_nothing_comes_back() {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}payments.refund_policy = \"none\"\n"
    ))
    .await;
    let (_admin, patient, url, payment, _) = paid(&app).await;
    let asked = cancel(&app, &patient, &url, false)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        asked.contains("nothing of what you paid comes back"),
        "the confirmation says so: {asked}"
    );
    let done = cancel(&app, &patient, &url, true).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(refunds(&app), 0, "nothing refunded");
    assert!(status_of(&app, payment, "paid"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'cancelled'"),
        1
    );
}

#[tokio::test]
async fn staff_refund_an_appointment_they_cancelled_inside_the_notice() {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}booking.cancel_notice_hours = 72\n"
    ))
    .await;
    let (admin, patient, url, payment, _) = paid(&app).await;
    let appointment = appointment_of(&url);
    let too_late = cancel(&app, &patient, &url, true).await;
    assert_eq!(
        too_late.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "inside the notice the patient cannot cancel"
    );
    let staff_page = format!("/admin/appointments/{appointment}");
    let cancelled = app
        .submit_with(
            &admin,
            &staff_page,
            &format!("{staff_page}/cancel"),
            &[("reason", "Doctor ill"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(
        cancelled.status(),
        StatusCode::SEE_OTHER,
        "staff may cancel"
    );
    assert!(
        status_of(&app, payment, "paid"),
        "a staff cancellation refunds nothing by itself"
    );
    let done = refund(
        &app,
        &admin,
        appointment,
        payment,
        "1500",
        "Doctor ill",
        true,
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert!(status_of(&app, payment, "refunded"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {appointment} AND status = 'cancelled'"
        )),
        1
    );
    let own = app.page_with(&patient, &url).await;
    assert!(
        own.contains("1,500.00 BDT refunded on"),
        "the patient's page shows it"
    );
}

#[tokio::test]
async fn staff_cancelling_with_a_refund_refund_what_the_policy_gives_back_once() {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}payments.refund_policy = \"50%\"\n"
    ))
    .await;
    let (admin, patient, url, payment, _) = paid(&app).await;
    let appointment = appointment_of(&url);
    let staff_page = format!("/admin/appointments/{appointment}");
    let asked = app
        .submit_with(
            &admin,
            &staff_page,
            &format!("{staff_page}/cancel"),
            &[("reason", "Doctor ill")],
        )
        .await;
    let page = asked.text().await.unwrap();
    assert!(
        page.contains("name=\"refund\"") && page.contains("50% of the fee"),
        "the confirmation offers the refund under the policy"
    );
    let cancelled = app
        .submit_with(
            &admin,
            &staff_page,
            &format!("{staff_page}/cancel"),
            &[
                ("reason", "Doctor ill"),
                ("refund", "yes"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::SEE_OTHER);
    app.eventually(
        &format!(
            "SELECT COUNT(*) AS n FROM refunds WHERE payment_id = {payment} AND amount = 75000"
        ),
        1,
    )
    .await;
    assert!(status_of(&app, payment, "partially_refunded"));
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'refund_cancellation' AND state = 'done'",
        1,
    )
    .await;
    assert_eq!(refunds(&app), 1, "refunded once");
    let own = app.page_with(&patient, &url).await;
    assert!(
        own.contains("750.00 BDT refunded on"),
        "the patient sees it"
    );
}
