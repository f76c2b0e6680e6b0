//! Staff record a payment taken at the clinic from /admin/appointments/{id}:
//! the stored fee through the same Paid write as an online payment (invoice,
//! receipt mail, payment_status paid), audited, refused when paid already,
//! bad input back on the form as typed.

use crate::helpers::*;
use crate::payment_mails::parsed_mails;
use reqwest::StatusCode;

async fn booked_unpaid(app: &TestApp) -> (reqwest::Client, reqwest::Client, i64) {
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Paying at the desk")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = app.count("SELECT MAX(id) AS n FROM appointments");
    (admin, patient, id)
}

async fn record(
    app: &TestApp,
    admin: &reqwest::Client,
    id: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = app
        .page_with(admin, &format!("/admin/appointments/{id}"))
        .await;
    let token = csrf_from(&page);
    let mut all = fields.to_vec();
    all.push(("csrf_token", &token));
    app.post_raw(
        admin,
        &format!("/admin/appointments/{id}/clinic-payment"),
        &all,
    )
    .await
}

#[tokio::test]
async fn a_payment_at_the_desk_issues_the_invoice_mails_the_receipt_and_is_audited() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, _patient, id) = booked_unpaid(&app).await;
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{id}"))
        .await;
    assert!(
        page.contains("Payment at the clinic"),
        "the form is offered"
    );
    assert!(page.contains("name=\"reference\""));

    let response = record(
        &app,
        &admin,
        id,
        &[("method", "card_terminal"), ("reference", "SLIP-4471")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/admin/appointments/{id}"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM payments WHERE appointment_id = {id} AND payment_method = 'clinic' \
             AND status = 'paid' AND transaction_id = 'SLIP-4471' AND provider_ref LIKE 'card_terminal-%' \
             AND amount = (SELECT amount FROM appointments WHERE id = {id})"
        )),
        1,
        "the stored fee, paid, with its reference"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND payment_status = 'paid'"
        )),
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM invoices WHERE provider = 'clinic'"),
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.recorded_at_clinic' \
             AND subject = 'appointment:{id}' AND actor_kind = 'staff'"
        )),
        1
    );
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_receipt' AND state = 'done'",
        1,
    )
    .await;
    let receipt = parsed_mails(&app)
        .into_iter()
        .find(|m| m.subject.contains("Receipt"))
        .expect("a receipt mail");
    assert_eq!(receipt.to, "patient1@example.com");
    assert!(receipt.text.contains("At the clinic"), "{}", receipt.text);
    assert!(receipt.text.contains("SLIP-4471"), "{}", receipt.text);
    let after = app
        .page_with(&admin, &format!("/admin/appointments/{id}"))
        .await;
    assert!(after.contains("The payment was recorded"), "{after}");
    assert!(!after.contains("name=\"reference\""), "no form once paid");

    let again = record(
        &app,
        &admin,
        id,
        &[("method", "cash"), ("reference", "R-2")],
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("paid already"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM payments"), 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM invoices"), 1);
}

/// The fields posted, the message expected, and why.
type DeskCase<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

#[tokio::test]
async fn bad_desk_input_comes_back_on_the_form_and_records_nothing() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, _patient, id) = booked_unpaid(&app).await;
    let cases: [DeskCase; 4] = [
        (
            &[("method", "cheque"), ("reference", "KEEP-1")],
            "Choose how it was paid",
            "an unknown method",
        ),
        (
            &[("method", "cash"), ("reference", "   ")],
            "Enter the reference",
            "a blank reference",
        ),
        (&[("method", "cash")], "Enter the reference", "no reference"),
        (
            &[("method", "cash"), ("reference", &"x".repeat(101))],
            "longer than 100",
            "a reference too long",
        ),
    ];
    for (fields, message, why) in cases {
        let response = record(&app, &admin, id, fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{why}: {body}");
        assert!(body.contains("name=\"reference\""), "{why}: the form again");
    }
    let kept = record(
        &app,
        &admin,
        id,
        &[("method", "cheque"), ("reference", "KEEP-1")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(kept.contains("value=\"KEEP-1\""), "what was typed is kept");
    // An amount in the form is never read.
    let response = record(
        &app,
        &admin,
        id,
        &[("method", "other"), ("reference", "R-9"), ("amount", "1")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM payments WHERE amount = (SELECT amount FROM appointments WHERE id = {id})"
        )),
        1
    );
}

#[tokio::test]
async fn only_admins_with_the_form_token_record_a_desk_payment() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, patient, id) = booked_unpaid(&app).await;
    let path = format!("/admin/appointments/{id}/clinic-payment");
    let no_token = app
        .post_raw(&admin, &path, &[("method", "cash"), ("reference", "R-1")])
        .await;
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let dashboard = app.page_with(&patient, "/dashboard").await;
    let as_patient = app
        .post_raw(
            &patient,
            &path,
            &[
                ("method", "cash"),
                ("reference", "R-1"),
                ("csrf_token", &csrf_from(&dashboard)),
            ],
        )
        .await;
    assert!(
        as_patient.status() == StatusCode::FORBIDDEN
            || as_patient.status() == StatusCode::NOT_FOUND,
        "a patient is refused: {}",
        as_patient.status()
    );
    let unknown = record(
        &app,
        &admin,
        id,
        &[("method", "cash"), ("reference", "R-1")],
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::SEE_OTHER);
    let missing = app
        .post_raw(
            &admin,
            "/admin/appointments/9999/clinic-payment",
            &[
                ("method", "cash"),
                ("reference", "R-1"),
                (
                    "csrf_token",
                    &csrf_from(&app.page_with(&admin, "/admin").await),
                ),
            ],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM payments"), 1);
}
