//! A real browser (headless Chromium): a doctor logs in and sees today's
//! appointment on their schedule; an admin finds an appointment in the list,
//! opens it and marks it completed. The staff pages pass the axe check.

use crate::axe::serious_violations;
use crate::chrome::*;
use crate::helpers::*;
use crate::staff_helpers::*;
use fantoccini::{Client, Locator};
use reqwest::StatusCode;

async fn log_in(app: &TestApp, b: &Client, email: &str, landing: &str) {
    b.goto(&app.url("/login")).await.unwrap();
    type_into(b, "#email", email).await;
    type_into(b, "#password", PASSWORD).await;
    click(b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url(landing)).unwrap())
        .await
        .unwrap();
}

async fn accessible(b: &Client, page: &str) {
    let violations = serious_violations(b).await;
    assert!(violations.is_empty(), "{page}: {violations:#?}");
}

#[tokio::test]
async fn a_doctor_sees_today_and_an_admin_marks_the_consultation_completed_in_a_real_browser() {
    let clock = TestClock::new();
    let app = spawn_app_using(LONG_SESSIONS, test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    doctor_client(&app, &admin, doctor, "dr.browser@example.com").await;
    let patient = marked_patient(&app, 1, "BROWSERMARK").await;
    let starts_at = at(1, "09:00");
    let booked = app
        .book_with(
            &patient.client,
            doctor,
            &starts_at,
            "Chest tightness at night",
        )
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let id = id_from(&booked);
    // Two hours before it: the appointment is today's for the doctor.
    past_start(&clock, &starts_at, -120);
    app.settle(clock.now()).await;

    let (_driver, b) = browser().await;
    log_in(&app, &b, "dr.browser@example.com", "/doctor").await;
    let today = b
        .wait()
        .for_element(Locator::Css("#today-heading + div table"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        today.contains(&patient.name) && today.contains("Chest tightness at night"),
        "{today}"
    );
    assert!(today.contains("09:00"));
    accessible(&b, "/doctor").await;
    std::fs::write(
        screenshot_path("doctor-today.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    click(&b, "form[action='/logout'] button").await;

    past_start(&clock, &starts_at, 15);
    log_in(&app, &b, "admin@example.com", "/admin").await;
    b.goto(&app.url("/admin/appointments")).await.unwrap();
    b.find(Locator::Css(&format!("a[href='/admin/appointments/{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait()
        .for_url(url::Url::parse(&app.url(&format!("/admin/appointments/{id}"))).unwrap())
        .await
        .unwrap();
    accessible(&b, "/admin/appointments/{id}").await;
    click(
        &b,
        &format!("form[action='/admin/appointments/{id}/complete'] button"),
    )
    .await;
    let status = b
        .wait()
        .for_element(Locator::XPath(
            "//*[contains(text(), 'The consultation is marked completed.')]",
        ))
        .await
        .unwrap();
    assert!(status.is_displayed().await.unwrap());
    assert!(b.source().await.unwrap().contains("Completed"));
    std::fs::write(
        screenshot_path("doctor-admin-completed.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'completed'"
        )),
        1
    );

    for page in ["/admin/staff/new", "/admin/staff"] {
        b.goto(&app.url(page)).await.unwrap();
        accessible(&b, page).await;
    }
    click(&b, "form[action='/admin/staff/2/deactivate'] button").await;
    b.wait()
        .for_element(Locator::XPath("//h1[text()='Deactivate this account?']"))
        .await
        .unwrap();
    accessible(&b, "the deactivation question").await;
    b.close().await.unwrap();
}
