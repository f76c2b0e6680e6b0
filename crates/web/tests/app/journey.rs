//! The newcomer's journey over HTTP (issue 7): times in both zones alike on the
//! page and in the slots JSON, the status message once, the review page's warning
//! inside the cancellation notice, next= kept through registration, the clinic's
//! phone, the favicon and error pages, and the demo admin's one-time password.

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
async fn after_booking_the_page_says_so_once_and_a_time_inside_the_notice_is_flagged_first() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let id = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;

    // Tomorrow's slot starts inside the 24 hours' notice: said on the review page.
    let soon = at(1, "09:00");
    let review = app
        .page_with(
            &patient,
            &format!("/book?doctor_id={id}&starts_at={}", encode(&soon)),
        )
        .await;
    assert!(review.contains("cannot be moved or cancelled online"));
    assert!(
        review.contains(&format!("date={}", day(1))),
        "Choose another time keeps the day"
    );
    let later = app
        .page_with(
            &patient,
            &format!("/book?doctor_id={id}&starts_at={}", encode(&at(5, "09:00"))),
        )
        .await;
    assert!(!later.contains("cannot be moved or cancelled online"));

    let response = app
        .book_with(&patient, id, &at(5, "09:00"), "Headache for a week")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = app.page_with(&patient, &location(&response)).await;
    assert!(
        page.contains("role=\"status\""),
        "the outcome is a status message"
    );
    assert!(page.contains("Your appointment is booked."));
    let again = app.page_with(&patient, &location(&response)).await;
    assert!(!again.contains("Your appointment is booked."), "said once");
}

#[tokio::test]
async fn create_an_account_keeps_next_and_the_new_patient_lands_there_with_their_zone() {
    let app = spawn_app().await;
    let next = "/book?doctor_id=1&starts_at=2030-01-01T09%3A00%3A00%2B00%3A00";
    let query = serde_urlencoded::to_string([("next", next)]).unwrap();
    let login = app.page(&format!("/login?{query}")).await;
    assert!(
        login.contains("/register?next=&#x2f;book%3Fdoctor_id%3D1%26starts_at"),
        "Create an account keeps next: {login}"
    );
    let register = app.page(&format!("/register?{query}")).await;
    assert!(register.contains("name=\"next\""));
    assert!(
        register.contains("<option>Asia&#x2f;Dhaka</option>"),
        "zones are a choice"
    );

    let response = app
        .submit(
            &format!("/register?{query}"),
            "/register",
            &[
                ("name", "Rina Akter"),
                ("email", "rina@example.com"),
                ("phone", "+880 1711 000222"),
                ("medical_history", ""),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("timezone", "America/New_York"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), next);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE timezone = 'America/New_York'"),
        1
    );
}

#[tokio::test]
async fn passwords_that_differ_are_marked_under_the_repeated_one() {
    let app = spawn_app().await;
    let response = app
        .submit_with(
            &new_client(),
            "/register",
            "/register",
            &[
                ("name", "Rina Akter"),
                ("email", "rina@example.com"),
                ("phone", "+880 1711 000222"),
                ("password", PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"password_confirm-error\""), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(!page.contains("id=\"password-error\""));
    assert!(page.contains("value=\"Rina Akter\""), "input kept");
}

#[tokio::test]
async fn the_footer_gives_the_clinics_phone_and_without_one_no_page_says_to_call() {
    let app = spawn_app_with("clinic.phone = \"+880 2 1234 5678\"").await;
    assert!(app.page("/").await.contains("+880 2 1234 5678"));
    let silent = spawn_app_with("clinic.phone = \"\"").await;
    let home = silent.page("/").await;
    assert!(!home.contains("Phone:") && !home.to_lowercase().contains("call the clinic"));
}

#[tokio::test]
async fn the_favicon_is_served_and_error_pages_keep_the_layout_without_inline_styles() {
    let app = spawn_app().await;
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status(), StatusCode::OK);
    assert!(!icon.bytes().await.unwrap().is_empty());
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let page = missing.text().await.unwrap();
    assert!(
        page.contains("aria-label=\"Main\"") && page.contains("Log in"),
        "the navigation"
    );
    assert!(page.contains("rel=\"icon\""));
    assert!(!page.contains("style="), "the CSP blocks inline styles");
    assert!(app
        .page("/")
        .await
        .contains("<title>Online consultations ·"));
}

#[tokio::test]
async fn the_demo_admin_must_replace_the_one_time_password_before_anything_else() {
    let (app, password) = spawn_demo_app().await;
    let other_device = new_client();
    app.login_with(&other_device, "admin@consulta.local", &password)
        .await;
    let admin = new_client();
    let response = app
        .login_with(&admin, "admin@consulta.local", &password)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let blocked = app.get_with(&admin, "/admin").await;
    assert_eq!(blocked.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&blocked), "/staff/profile");
    let profile = app.page_with(&admin, "/staff/profile").await;
    assert!(profile.contains("Choose your own password first."));

    let new_password = "a password of my own";
    let response = app
        .submit_with(
            &admin,
            "/staff/profile",
            "/staff/profile/password",
            &[
                ("current_password", &password),
                ("new_password", new_password),
                ("new_password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&admin, "/admin").await.status(),
        StatusCode::OK
    );
    let other = app.get_with(&other_device, "/admin").await;
    assert_eq!(
        location(&other),
        "/login?next=%2Fadmin",
        "the other session ended"
    );
    let again = new_client();
    app.login_with(&again, "admin@consulta.local", new_password)
        .await;
    assert_eq!(
        app.get_with(&again, "/admin").await.status(),
        StatusCode::OK
    );
}
