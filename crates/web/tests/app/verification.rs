//! Email verification: the welcome mail's link opens a page whose button
//! confirms; with accounts.require_verified_email on, booking waits for it.

use crate::account_mail::{account_mails, links_to};
use crate::helpers::*;
use jiff::SignedDuration;
use reqwest::{Client, StatusCode};

const EMAIL: &str = "ayesha@example.com";

fn verified(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM patients WHERE email_verified_at IS NOT NULL")
}

async fn press_confirm(app: &TestApp, client: &Client, link: &str) -> StatusCode {
    let token = csrf_from(&app.page_with(client, "/password/forgot").await);
    app.post_raw(client, link, &[("csrf_token", &token)])
        .await
        .status()
}

#[tokio::test]
async fn the_welcome_mail_links_to_a_page_whose_button_confirms_the_email() {
    let clock = TestClock::new();
    let app = spawn_app_using("", test_adapters(&clock)).await;
    app.register(&Registration::default()).await;
    app.settle(clock.now()).await;
    let mails = account_mails(&app);
    assert_eq!(mails.len(), 1, "one welcome mail");
    assert!(
        mails[0].subject.starts_with("Welcome"),
        "{}",
        mails[0].subject
    );
    let link = links_to(&app, EMAIL, "/verify-email/").pop().unwrap();

    // A mail scanner following the link confirms nothing.
    let scanner = new_client();
    let page = app.page_with(&scanner, &link).await;
    assert!(page.contains("Confirm my email address"), "{page}");
    assert!(
        page.contains(&format!("action=\"{link}\"")),
        "the button posts back"
    );
    assert_eq!(verified(&app), 0, "GET changes nothing");

    // Pressing the button confirms, from any browser (the link is the proof).
    assert_eq!(press_confirm(&app, &scanner, &link).await, StatusCode::OK);
    assert_eq!(verified(&app), 1);
    assert_eq!(
        press_confirm(&app, &scanner, &link).await,
        StatusCode::GONE,
        "a used link is refused"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.email_verified'"),
        1
    );
}

#[tokio::test]
async fn an_expired_or_forged_verification_link_is_refused() {
    let clock = TestClock::new();
    let app = spawn_app_using("", test_adapters(&clock)).await;
    app.register(&Registration::default()).await;
    app.settle(clock.now()).await;
    let link = links_to(&app, EMAIL, "/verify-email/").pop().unwrap();
    let forged = format!("/verify-email/{}", "x".repeat(43));
    assert_eq!(app.get(&forged).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        press_confirm(&app, &app.client, &forged).await,
        StatusCode::NOT_FOUND
    );

    clock.advance(SignedDuration::from_hours(24 * 8));
    assert_eq!(app.get(&link).await.status(), StatusCode::GONE);
    assert_eq!(
        press_confirm(&app, &app.client, &link).await,
        StatusCode::GONE
    );
    assert_eq!(verified(&app), 0);
}

#[tokio::test]
async fn with_verification_required_an_unverified_patient_looks_around_but_cannot_book() {
    let clock = TestClock::new();
    let extra = format!("{TRUSTED_PROXY}accounts.require_verified_email = true\n");
    let app = spawn_app_using(&extra, test_adapters(&clock)).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;
    let email = "patient1@example.com";
    for page in ["/dashboard", "/doctors", "/profile"] {
        assert_eq!(
            app.get_with(&patient, page).await.status(),
            StatusCode::OK,
            "{page}"
        );
    }

    let refused = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Before verifying")
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let page = refused.text().await.unwrap();
    assert!(page.contains("action=\"/verify-email/resend\""), "{page}");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments"),
        0,
        "nothing booked"
    );

    // "Send the link again" mails a second link; the patient confirms with it.
    let token = csrf_from(&page);
    let resent = app
        .post_raw(&patient, "/verify-email/resend", &[("csrf_token", &token)])
        .await;
    assert_eq!(resent.status(), StatusCode::OK);
    app.settle(clock.now()).await;
    let links = links_to(&app, email, "/verify-email/");
    assert_eq!(links.len(), 2, "the welcome link and the new one");
    let newest = account_mails(&app)
        .into_iter()
        .find(|m| m.to == email && m.subject.starts_with("Confirm"))
        .unwrap();
    let link = links
        .into_iter()
        .find(|l| newest.text.contains(l.as_str()))
        .unwrap();
    assert_eq!(press_confirm(&app, &patient, &link).await, StatusCode::OK);

    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "After verifying")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 1);

    let again = app
        .post_raw(&patient, "/verify-email/resend", &[("csrf_token", &token)])
        .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "no link once confirmed"
    );
}

#[tokio::test]
async fn with_verification_not_required_an_unverified_patient_books() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "No need to verify")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    assert_eq!(verified(&app), 0);
}

#[tokio::test]
async fn sending_the_link_again_needs_a_login_and_a_csrf_token() {
    let app = spawn_app().await;
    let anonymous = new_client();
    let token = csrf_from(&app.page_with(&anonymous, "/login").await);
    let response = app
        .post_raw(
            &anonymous,
            "/verify-email/resend",
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/login"));

    app.register(&Registration::default()).await;
    let forged = app.post_raw(&app.client, "/verify-email/resend", &[]).await;
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "no CSRF token, no mail"
    );
}
