//! Forgotten passwords: the same answer for any email, a single-use link that
//! expires, and a new password that ends every session and retires the old one.

use crate::account_mail::{account_mails, links_to};
use crate::helpers::*;
use jiff::SignedDuration;
use reqwest::{Client, StatusCode};

const EMAIL: &str = "ayesha@example.com";
const NEW_PASSWORD: &str = "a brand new secret";

async fn ask_for_link(app: &TestApp, client: &Client, email: &str) -> (StatusCode, String) {
    let response = app
        .submit_with(
            client,
            "/password/forgot",
            "/password/forgot",
            &[("email", email)],
        )
        .await;
    (response.status(), response.text().await.unwrap())
}

async fn set_password(
    app: &TestApp,
    client: &Client,
    link: &str,
    new: &str,
    again: &str,
) -> StatusCode {
    let token = csrf_from(&app.page_with(client, "/password/forgot").await);
    app.post_raw(
        client,
        link,
        &[
            ("new_password", new),
            ("new_password_confirm", again),
            ("csrf_token", &token),
        ],
    )
    .await
    .status()
}

fn patient_sessions(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM sessions WHERE account_kind = 'patient'")
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_ends_every_session_and_retires_the_old_one() {
    let clock = TestClock::new();
    let app = spawn_app_using("", test_adapters(&clock)).await;
    assert_eq!(
        app.register(&Registration::default()).await.status(),
        StatusCode::SEE_OTHER
    );
    let phone = new_client();
    assert_eq!(
        app.login_with(&phone, EMAIL, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(patient_sessions(&app), 2);

    let stranger = new_client();
    let (status, page) = ask_for_link(&app, &stranger, EMAIL).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("we have sent it a link"), "{page}");
    app.settle(clock.now()).await;
    let links = links_to(&app, EMAIL, "/password/reset/");
    assert_eq!(
        links.len(),
        1,
        "one reset mail: {:?}",
        account_mails(&app).len()
    );
    let link = &links[0];

    // Opening the link (as a mail scanner would) changes nothing.
    let form = app.page_with(&stranger, link).await;
    assert!(form.contains("new_password_confirm"), "{form}");
    assert_eq!(patient_sessions(&app), 2, "GET ends no session");

    // A mistyped confirmation goes back to the form, nothing changed.
    let mismatch = set_password(&app, &stranger, link, NEW_PASSWORD, "something else").await;
    assert_eq!(mismatch, StatusCode::UNPROCESSABLE_ENTITY);
    let short = set_password(&app, &stranger, link, "short", "short").await;
    assert_eq!(
        short,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the password rules apply"
    );
    assert_eq!(patient_sessions(&app), 2);

    assert_eq!(
        set_password(&app, &stranger, link, NEW_PASSWORD, NEW_PASSWORD).await,
        StatusCode::OK
    );
    assert_eq!(
        patient_sessions(&app),
        0,
        "every session of the account ended"
    );
    let dashboard = app.get("/dashboard").await;
    assert_eq!(
        dashboard.status(),
        StatusCode::SEE_OTHER,
        "the first browser is logged out"
    );
    assert!(location(&dashboard).starts_with("/login"));
    assert_eq!(
        app.get_with(&phone, "/dashboard").await.status(),
        StatusCode::SEE_OTHER,
        "so is the phone"
    );

    let old = app.login_with(&new_client(), EMAIL, PASSWORD).await;
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the old password stops working"
    );
    let new = app.login_with(&new_client(), EMAIL, NEW_PASSWORD).await;
    assert_eq!(new.status(), StatusCode::SEE_OTHER, "the new one works");

    // The link is spent.
    assert_eq!(
        app.get_with(&stranger, link).await.status(),
        StatusCode::GONE
    );
    let again = set_password(
        &app,
        &stranger,
        link,
        "yet another secret",
        "yet another secret",
    )
    .await;
    assert_eq!(again, StatusCode::GONE, "a used link is refused");
    let still = app.login_with(&new_client(), EMAIL, NEW_PASSWORD).await;
    assert_eq!(still.status(), StatusCode::SEE_OTHER, "and changed nothing");
    let secret = link.rsplit('/').next().unwrap();
    assert!(
        !logs().contains(secret),
        "the log never gets the link's secret"
    );
}

#[tokio::test]
async fn an_expired_or_forged_reset_link_is_refused_and_changes_nothing() {
    let clock = TestClock::new();
    let app = spawn_app_using("accounts.reset_link_minutes = 30", test_adapters(&clock)).await;
    app.register(&Registration::default()).await;
    let stranger = new_client();
    ask_for_link(&app, &stranger, EMAIL).await;
    app.settle(clock.now()).await;
    let link = links_to(&app, EMAIL, "/password/reset/").pop().unwrap();
    assert!(
        account_mails(&app)
            .iter()
            .any(|m| m.text.contains("30 minutes")),
        "the mail says how long the link works"
    );

    clock.advance(SignedDuration::from_mins(31));
    assert_eq!(
        app.get_with(&stranger, &link).await.status(),
        StatusCode::GONE
    );
    let late = set_password(&app, &stranger, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(late, StatusCode::GONE, "an expired link is refused");

    let forged = format!("/password/reset/{}", "A".repeat(43));
    assert_eq!(
        app.get_with(&stranger, &forged).await.status(),
        StatusCode::NOT_FOUND
    );
    let forged_post = set_password(&app, &stranger, &forged, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        forged_post,
        StatusCode::NOT_FOUND,
        "a forged link is refused"
    );
    let cut_short = &link[..link.len() - 1];
    assert_eq!(
        app.get_with(&stranger, cut_short).await.status(),
        StatusCode::NOT_FOUND
    );

    assert_eq!(patient_sessions(&app), 1, "the patient is still logged in");
    let old = app.login_with(&new_client(), EMAIL, PASSWORD).await;
    assert_eq!(
        old.status(),
        StatusCode::SEE_OTHER,
        "the password is unchanged"
    );
}

#[tokio::test]
async fn forgot_password_reveals_nothing_about_which_emails_exist() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    app.register(&Registration::default()).await;
    let stranger = new_client();

    let (known_status, known_page) = ask_for_link(&app, &stranger, EMAIL).await;
    let unknown = "nobody@example.com";
    let (unknown_status, unknown_page) = ask_for_link(&app, &stranger, unknown).await;
    assert_eq!(known_status, unknown_status, "same status");
    assert_eq!(
        known_page.replace(EMAIL, "EMAIL"),
        unknown_page.replace(unknown, "EMAIL"),
        "same page, but for the address typed"
    );
    app.settle(clock.now()).await;
    let mails = account_mails(&app);
    assert!(
        mails.iter().all(|m| m.to != unknown),
        "no mail to an unknown address"
    );
    assert_eq!(
        links_to(&app, EMAIL, "/password/reset/").len(),
        1,
        "the registered one gets its link"
    );

    // A malformed address goes back to the form with what was typed.
    let (status, page) = ask_for_link(&app, &stranger, "not-an-email").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"not-an-email\""), "{page}");
}

#[tokio::test]
async fn reset_links_are_throttled_per_email_alike_for_unknown_and_registered_ones() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    for email in [EMAIL, "nobody@example.com"] {
        let client = new_client();
        for n in 0..5 {
            let (status, _) = ask_for_link(&app, &client, email).await;
            assert_eq!(status, StatusCode::OK, "request {n} for {email}");
        }
        let (status, page) = ask_for_link(&app, &client, email).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert!(page.contains("Try again in"), "{page}");
    }
}

#[tokio::test]
async fn an_admin_can_reset_a_forgotten_password_too() {
    let clock = TestClock::new();
    let app = spawn_app_using("", test_adapters(&clock)).await;
    let admin = app.admin_client("boss@clinic.example").await;
    ask_for_link(&app, &new_client(), "boss@clinic.example").await;
    app.settle(clock.now()).await;
    let link = links_to(&app, "boss@clinic.example", "/password/reset/")
        .pop()
        .unwrap();
    let stranger = new_client();
    assert_eq!(
        set_password(&app, &stranger, &link, NEW_PASSWORD, NEW_PASSWORD).await,
        StatusCode::OK
    );
    assert_eq!(
        app.get_with(&admin, "/admin").await.status(),
        StatusCode::SEE_OTHER,
        "logged out"
    );
    let again = app
        .login_with(&new_client(), "boss@clinic.example", NEW_PASSWORD)
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
}
