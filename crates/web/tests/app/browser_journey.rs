//! The patient's whole journey in headless Chromium on a phone (390×844), the
//! browser in Dhaka and the doctor in New York: register with the browser's
//! zone, choose a doctor, a day and a time shown in both zones, review, book,
//! see the status message, move, cancel, book again. A screenshot of each step
//! goes to target/screenshots/journey-*.png. Also: the JavaScript picker writes a
//! day whose times cross midnight exactly as the server's page does.

use crate::chrome::*;
use crate::helpers::*;
use fantoccini::{Client, Locator};

async fn shot(b: &Client, step: &str) {
    std::fs::write(
        screenshot_path(&format!("journey-{step}.png")),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
}

async fn text_of(b: &Client, css: &str) -> String {
    b.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Sets the day picker's date and asks for its times, as a person would.
async fn choose_day(b: &Client, date: &str) {
    let input = b.wait().for_element(Locator::Css("#date")).await.unwrap();
    b.execute(
        "arguments[0].value = arguments[1];",
        vec![
            serde_json::to_value(&input).unwrap(),
            serde_json::json!(date),
        ],
    )
    .await
    .unwrap();
    click(b, "#day-form button[type=submit]").await;
}

/// A doctor in New York working 13:00–15:00 every day: 00:00–02:00 the next day in Dhaka.
async fn new_york_doctor(app: &TestApp) -> i64 {
    let admin = app.admin_client("admin@example.com").await;
    app.create_doctor(
        &admin,
        &NewDoctor {
            name: "Dr. Test Doctor",
            timezone: "America/New_York",
            hours: "13:00-15:00",
            ..NewDoctor::default()
        },
    )
    .await
}

#[tokio::test]
async fn a_new_patient_on_a_phone_books_moves_cancels_and_books_again() {
    let app = spawn_app().await;
    let doctor = new_york_doctor(&app).await;
    let (_driver, b) = launch(Launch {
        size: PHONE,
        zone: Some("Asia/Dhaka"),
        ..Launch::default()
    })
    .await;

    b.goto(&app.url("/")).await.unwrap();
    shot(&b, "01-home").await;
    click(&b, "main a.btn-primary.btn-lg").await;
    b.wait()
        .for_element(Locator::Css(&format!("a[href='/book?doctor_id={doctor}']")))
        .await
        .unwrap();
    shot(&b, "02-doctors").await;
    click(&b, &format!("a[href='/book?doctor_id={doctor}']")).await;

    let date = day(4);
    choose_day(&b, &date).await;
    let first = b
        .wait()
        .for_element(Locator::Css("#slot-list[data-picker='js'] a.slot"))
        .await
        .unwrap();
    let both_zones = first.text().await.unwrap();
    assert!(
        both_zones.contains("13:00") && both_zones.contains("00:00 Dhaka (next day)"),
        "a time in both zones: {both_zones:?}"
    );
    shot(&b, "03-day-of-slots").await;
    first.click().await.unwrap();

    // Not logged in: the login page, whose "Create an account" keeps the slot.
    click(&b, "#create-account").await;
    let zone = b
        .wait()
        .for_element(Locator::Css("#timezone"))
        .await
        .unwrap();
    assert_eq!(
        zone.prop("value").await.unwrap().as_deref(),
        Some("Asia/Dhaka"),
        "the registration form carries the browser's zone"
    );
    type_into(&b, "#name", "Nusrat Jahan").await;
    type_into(&b, "#email", "nusrat@example.com").await;
    type_into(&b, "#phone", "+880 1811 000111").await;
    type_into(&b, "#password", PASSWORD).await;
    type_into(&b, "#password_confirm", PASSWORD).await;
    shot(&b, "04-register").await;
    click(&b, "form[action='/register'] button[type=submit]").await;

    let time = text_of(&b, "#review-time").await;
    assert!(
        time.contains("00:00 Dhaka (next day) your time"),
        "{time:?}"
    );
    type_into(&b, "#reason", "Palpitations after coffee").await;
    shot(&b, "05-review").await;
    click(&b, "form[action='/appointments'] button[type=submit]").await;

    let status = text_of(&b, "[role='status']").await;
    assert!(status.contains("Your appointment is booked."), "{status:?}");
    assert_eq!(text_of(&b, "#status").await, "Confirmed");
    shot(&b, "06-booked").await;

    // Move to the next time of that day; the browser asks first.
    click(&b, "#move form[action$='/reschedule'] button").await;
    b.accept_alert().await.unwrap();
    let status = text_of(&b, "[role='status']").await;
    assert!(status.contains("moved"), "{status:?}");
    shot(&b, "07-moved").await;

    type_into(&b, "#cancel-reason", "Feeling better").await;
    click(&b, "form[action$='/cancel'] button[type=submit]").await;
    b.accept_alert().await.unwrap();
    let status = text_of(&b, "[role='status']").await;
    assert!(status.contains("cancelled"), "{status:?}");
    assert!(
        b.find(Locator::Css("#meeting-link")).await.is_err(),
        "a cancelled appointment shows no video link"
    );
    shot(&b, "08-cancelled").await;

    click(&b, "#book-again").await;
    choose_day(&b, &day(5)).await;
    b.wait()
        .for_element(Locator::Css("#slot-list[data-picker='js'] a.slot"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(&b, "#reason", "Follow-up on palpitations").await;
    click(&b, "form[action='/appointments'] button[type=submit]").await;
    assert!(text_of(&b, "[role='status']")
        .await
        .contains("Your appointment is booked."));
    b.goto(&app.url("/dashboard")).await.unwrap();
    shot(&b, "09-dashboard").await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE timezone = 'Asia/Dhaka'"),
        1
    );
    b.close().await.unwrap();
}

#[tokio::test]
async fn the_picker_writes_a_day_crossing_midnight_as_the_server_page_does() {
    let app = spawn_app().await;
    let doctor = new_york_doctor(&app).await;
    let (_driver, b) = launch(Launch {
        zone: Some("Asia/Dhaka"),
        ..Launch::default()
    })
    .await;
    let date = day(4);
    // The first visit tells the server the browser's zone; the second is drawn with it.
    b.goto(&app.url("/")).await.unwrap();
    b.goto(&app.url(&format!("/book?doctor_id={doctor}&date={date}")))
        .await
        .unwrap();
    let server_list = text_of(&b, "#slot-list").await;
    let server_heading = text_of(&b, "#slots-heading").await;
    assert!(
        b.find(Locator::Css("#slot-list[data-picker='js']"))
            .await
            .is_err(),
        "the server's own list"
    );
    assert!(server_list.contains("(next day)"), "{server_list:?}");

    // Away and back by the picker: the same day drawn by the script.
    click(&b, "#next-day").await;
    b.wait()
        .for_element(Locator::Css(&format!(
            "#slot-picker[data-date='{}']",
            day(5)
        )))
        .await
        .unwrap();
    click(&b, "#previous-day").await;
    b.wait()
        .for_element(Locator::Css(&format!(
            "#slot-picker[data-date='{date}'] #slot-list[data-picker='js']"
        )))
        .await
        .unwrap();
    assert_eq!(text_of(&b, "#slot-list").await, server_list);
    assert_eq!(text_of(&b, "#slots-heading").await, server_heading);
    b.close().await.unwrap();
}
