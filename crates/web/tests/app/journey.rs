//! Times in the visitor's own zone from the first page (issue 7): the page and
//! the slots JSON write a day crossing midnight alike, the page names the zone
//! it uses, and the mails carry the zone chosen at registration.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

/// An anonymous visitor whose browser reported `zone` (as static/js/app.js does).
fn browser_in(zone: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("consulta_tz={zone}").parse().unwrap(),
    );
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_new_york_afternoon_reads_past_midnight_in_dhaka_on_the_page_and_in_the_json() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = NewDoctor {
        timezone: "America/New_York",
        hours: "13:00-14:00",
        ..NewDoctor::default()
    };
    let id = app.create_doctor(&admin, &doctor).await;
    let date = day(3);
    let visitor = browser_in("Asia/Dhaka");

    let page = app
        .page_with(&visitor, &format!("/book?doctor_id={id}&date={date}"))
        .await;
    let json: serde_json::Value = visitor
        .get(app.url(&format!("/api/doctors/{id}/slots?from={date}&to={date}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let first = &json["slots"][0];
    assert_eq!(first["label"], "13:00");
    assert_eq!(first["theirs"], "00:00 Dhaka (next day)");
    assert!(
        page.contains("00:00 Dhaka (next day)"),
        "the page says the same"
    );
    let label = json["dates"][&date].as_str().unwrap();
    assert!(page.contains(label), "the page's date reads {label:?} too");
    assert!(
        page.contains("your time, Dhaka (from your browser)"),
        "the page says which zone it uses"
    );
}

#[tokio::test]
async fn without_the_browsers_zone_the_page_names_the_clinics() {
    let app = spawn_app_with("clinic.timezone = \"Asia/Dhaka\"").await;
    let admin = app.admin_client("admin@example.com").await;
    let id = app
        .create_doctor(
            &admin,
            &NewDoctor {
                timezone: "Europe/London",
                ..NewDoctor::default()
            },
        )
        .await;
    let page = app
        .page_with(
            &new_client(),
            &format!("/book?doctor_id={id}&date={}", day(2)),
        )
        .await;
    assert!(page.contains("Dhaka time, the clinic's zone"), "{page}");
}

#[tokio::test]
async fn the_confirmation_mail_shows_the_zone_chosen_at_registration() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                timezone: "America/New_York",
                hours: "13:00-14:00",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = new_client();
    let response = app
        .submit_with(
            &patient,
            "/register",
            "/register",
            &[
                ("name", "Rina Akter"),
                ("email", "rina@example.com"),
                ("phone", "+880 1711 000222"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("timezone", "Asia/Dhaka"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let starts_at = format!("{}T13:00:00-05:00", day(5));
    let booked = app
        .book_with(&patient, doctor, &starts_at, "Palpitations after coffee")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);

    let mut texts = Vec::new();
    for _ in 0..100 {
        // The welcome mail may come first: wait for the appointment's own.
        texts = app
            .appointment_mails()
            .iter()
            .map(|raw| {
                let message = mail_parser::MessageParser::default()
                    .parse(raw.as_bytes())
                    .unwrap();
                message.body_text(0).unwrap_or_default().into_owned()
            })
            .collect();
        if texts.iter().any(|t| t.contains("00:00 Dhaka (next day)")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        texts.iter().any(|t| t.contains("00:00 Dhaka (next day)")),
        "the mail gives the patient's time: {texts:?}"
    );
}

#[tokio::test]
async fn a_patient_without_a_zone_keeps_the_browsers_from_their_first_booking() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    // The cookie static/js/app.js sets, beside the site's own.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(
        "consulta_tz=Asia/Dhaka; Path=/",
        &app.url("/").parse().unwrap(),
    );
    let patient = Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let registered = app.register_with(&patient, &Registration::default()).await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let zone_set = "SELECT COUNT(*) AS n FROM patients WHERE timezone = 'Asia/Dhaka'";
    assert_eq!(app.count(zone_set), 0, "the form sent no zone");

    let booked = app
        .book_with(&patient, doctor, &at(5, "09:00"), "Headache for a week")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count(zone_set), 1, "kept at the first booking");
}
