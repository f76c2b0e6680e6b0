//! A real browser (Debian's headless Chromium through chromedriver) registers,
//! logs in and reaches the dashboard.

use crate::chrome::*;
use crate::helpers::*;
use fantoccini::Locator;

#[tokio::test]
async fn a_patient_registers_logs_in_and_sees_the_dashboard_in_a_real_browser() {
    let app = spawn_app().await;
    let (_driver, b) = browser().await;

    b.goto(&app.url("/")).await.unwrap();
    b.find(Locator::LinkText("Register"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(&b, "#name", "Nusrat Jahan").await;
    type_into(&b, "#email", "nusrat@example.com").await;
    type_into(&b, "#phone", "+880 1811 000111").await;
    type_into(&b, "#medical_history", "Migraine").await;
    type_into(&b, "#password", "short").await;
    type_into(&b, "#password_confirm", "short").await;
    click(&b, "form[action='/register'] button[type=submit]").await;

    // The form comes back with the message beside the password and the name kept.
    let feedback = b
        .wait()
        .for_element(Locator::Css("#password-error"))
        .await
        .unwrap();
    assert!(feedback
        .text()
        .await
        .unwrap()
        .contains("at least 10 characters"));
    let kept = b
        .find(Locator::Css("#name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Nusrat Jahan"));
    let focused = b.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("password"),
        "the first field to correct has the focus"
    );
    assert_eq!(
        focused
            .attr("aria-describedby")
            .await
            .unwrap()
            .as_deref()
            .map(str::trim),
        Some("password-error password-help"),
        "and names its message"
    );

    type_into(&b, "#password", PASSWORD).await;
    type_into(&b, "#password_confirm", PASSWORD).await;
    click(&b, "form[action='/register'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url("/dashboard")).unwrap())
        .await
        .unwrap();

    // Log out and in again through the pages.
    click(&b, "form[action='/logout'] button").await;
    b.wait()
        .for_element(Locator::LinkText("Log in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(&b, "#email", "nusrat@example.com").await;
    type_into(&b, "#password", PASSWORD).await;
    click(&b, "form[action='/login'] button[type=submit]").await;
    // The login page has a heading too: read the dashboard's once it is there.
    b.wait()
        .for_url(url::Url::parse(&app.url("/dashboard")).unwrap())
        .await
        .unwrap();
    let heading = b.wait().for_element(Locator::Css("main h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "Hello, Nusrat Jahan");
    assert!(b.source().await.unwrap().contains("No appointments yet"));

    std::fs::write(
        screenshot_path("dashboard.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await.unwrap();
}

/// Logs in through the page, books a slot `days` ahead by clicking, and returns
/// whether the slot list the patient clicked in was built by the JavaScript picker.
async fn book_in_browser(
    app: &TestApp,
    b: &fantoccini::Client,
    doctor: i64,
    email: &str,
    days: i64,
    shot: &str,
) -> Option<String> {
    b.goto(&app.url("/login")).await.unwrap();
    type_into(b, "#email", email).await;
    type_into(b, "#password", PASSWORD).await;
    click(b, "form[action='/login'] button[type=submit]").await;
    // Logged in once the dashboard shows (the login page has a heading too).
    b.wait()
        .for_url(url::Url::parse(&app.url("/dashboard")).unwrap())
        .await
        .unwrap();

    b.goto(&app.url("/doctors")).await.unwrap();
    b.find(Locator::Css(&format!("a[href='/book?doctor_id={doctor}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let date = b.wait().for_element(Locator::Css("#date")).await.unwrap();
    b.execute(
        "arguments[0].value = arguments[1];",
        vec![
            serde_json::to_value(&date).unwrap(),
            serde_json::json!(day(days)),
        ],
    )
    .await
    .unwrap();
    click(b, "#day-form button[type=submit]").await;
    let wanted = format!("#slot-list a[href*='{}']", encode(&at(days, "09:00")));
    let slot = b.wait().for_element(Locator::Css(&wanted)).await.unwrap();
    let picker = slot.attr("data-picker").await.unwrap();
    std::fs::write(
        screenshot_path(&format!("{shot}-picker.png")),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    slot.click().await.unwrap();

    let reason = b.wait().for_element(Locator::Css("#reason")).await.unwrap();
    assert!(b.source().await.unwrap().contains("Review your booking"));
    reason
        .send_keys("Rash on both arms since last week")
        .await
        .unwrap();
    b.find(Locator::Css(
        "form[action='/appointments'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let status = b.wait().for_element(Locator::Css("#status")).await.unwrap();
    assert_eq!(status.text().await.unwrap(), "Confirmed");
    b.goto(&app.url("/dashboard")).await.unwrap();
    let dashboard = b.source().await.unwrap();
    assert!(dashboard.contains("Dr. Test Doctor") && !dashboard.contains("No appointments yet"));
    std::fs::write(
        screenshot_path(&format!("{shot}-dashboard.png")),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    picker
}

async fn book_a_slot(javascript: bool, shot: &str) -> Option<String> {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    app.patient(1).await;
    let (_driver, b) = browser_with(javascript).await;
    let picker = book_in_browser(&app, &b, doctor, "patient1@example.com", 4, shot).await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1
    );

    // Cancelling asks first: the browser's dialog with JavaScript, a page without.
    click(&b, "main a[href^='/appointments/']").await;
    type_into(&b, "#cancel-reason", "Feeling better").await;
    click(&b, "form[action$='/cancel'] button[type=submit]").await;
    if javascript {
        b.accept_alert().await.unwrap();
    } else {
        let yes = b
            .wait()
            .for_element(Locator::Css("form[action$='/cancel'] button.btn-danger"))
            .await
            .unwrap();
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
            1,
            "not before confirming"
        );
        yes.click().await.unwrap();
    }
    b.wait()
        .for_element(Locator::XPath(
            "//dd[@id='status' and normalize-space(.)='Cancelled']",
        ))
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'cancelled'"),
        1
    );
    b.close().await.unwrap();
    picker
}

#[tokio::test]
async fn a_patient_books_through_the_javascript_slot_picker() {
    let picker = book_a_slot(true, "booking-js").await;
    assert_eq!(
        picker.as_deref(),
        Some("js"),
        "the slot came from the JavaScript picker"
    );
}

#[tokio::test]
async fn a_patient_books_with_javascript_off() {
    let picker = book_a_slot(false, "booking-nojs").await;
    assert_eq!(picker, None, "the server-rendered list was used");
}
