//! What a patient is told (issue 7): the status message once, the warning
//! inside the cancellation notice, next= kept through registration, form errors
//! where they belong, the clinic's phone, the favicon and the error pages.

use crate::helpers::*;
use reqwest::StatusCode;

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
