//! The payment pages (history, invoice, the appointment's payment, staff's
//! refunds) pass the same axe-core check as the patient's journey.

use crate::axe::serious_violations;
use crate::chrome::*;
use crate::helpers::*;
use crate::payment_fixtures::{appointment_of, pay};
use reqwest::StatusCode;

async fn log_in(b: &fantoccini::Client, app: &TestApp, email: &str, lands_on: &str) {
    b.goto(&app.url("/login")).await.unwrap();
    type_into(b, "#email", email).await;
    type_into(b, "#password", PASSWORD).await;
    click(b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url(lands_on)).unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_payment_pages_have_no_serious_accessibility_violation() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(4, "10:00"), "Check-up")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let url = location(&booked);
    let appointment = appointment_of(&url);
    let (payment, invoice) = pay(&app, &patient, appointment).await;
    let staff_page = format!("/admin/appointments/{appointment}");
    let refunded = app
        .submit_with(
            &admin,
            &staff_page,
            &format!("{staff_page}/refund"),
            &[
                ("payment_id", &payment.to_string()),
                ("amount", "100"),
                ("reason", "Goodwill"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(refunded.status(), StatusCode::SEE_OTHER);
    let invoice_page = format!("/invoices/{invoice}");

    let mut problems = Vec::new();
    let (driver, b) = launch(Launch::default()).await;
    log_in(&b, &app, "patient1@example.com", "/dashboard").await;
    for path in ["/payments", invoice_page.as_str(), url.as_str()] {
        b.goto(&app.url(path)).await.unwrap();
        for v in serious_violations(&b).await {
            problems.push(format!("{path}: {v}"));
        }
    }
    b.goto(&app.url(&invoice_page)).await.unwrap();
    std::fs::write(
        screenshot_path("invoice.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await.unwrap();
    // One browser at a time: the next waits for this one's turn to end.
    drop(driver);

    let (_driver, b) = launch(Launch::default()).await;
    log_in(&b, &app, "admin@example.com", "/admin").await;
    b.goto(&app.url(&staff_page)).await.unwrap();
    for v in serious_violations(&b).await {
        problems.push(format!("{staff_page}: {v}"));
    }
    // The "are you sure?" page, reached by the section's own form.
    type_into(&b, &format!("#refund-reason-{payment}"), "Doctor ill").await;
    click(&b, &format!("#payment-{payment} form button[type=submit]")).await;
    b.wait()
        .for_element(fantoccini::Locator::Css("#refund-question"))
        .await
        .unwrap();
    for v in serious_violations(&b).await {
        problems.push(format!("refund confirmation: {v}"));
    }
    b.close().await.unwrap();
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}
