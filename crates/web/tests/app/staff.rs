//! Staff accounts: the demo admin's one-time password is replaced at the first
//! login before anything else, from the staff profile page.

use crate::helpers::*;
use reqwest::StatusCode;

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

#[tokio::test]
async fn a_staff_member_changes_their_own_password_and_a_mistake_keeps_them_on_the_page() {
    let app = spawn_app().await;
    let admin = app.admin_client("boss@example.com").await;
    assert_eq!(
        app.get_with(&admin, "/admin").await.status(),
        StatusCode::OK
    );
    let page = app.page_with(&admin, "/staff/profile").await;
    assert!(page.contains("boss@example.com") && !page.contains("Choose your own password first."));

    let response = app
        .submit_with(
            &admin,
            "/staff/profile",
            "/staff/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long password"),
                ("new_password_confirm", "another long passw0rd"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"new_password_confirm-error\""), "{page}");

    let response = app
        .submit_with(
            &admin,
            "/staff/profile",
            "/staff/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long password"),
                ("new_password_confirm", "another long password"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = app.page_with(&admin, "/staff/profile").await;
    assert!(page.contains("Your password was changed."));
    let patient = app.patient(1).await;
    assert_eq!(
        app.get_with(&patient, "/staff/profile").await.status(),
        StatusCode::FORBIDDEN,
        "patients have their own profile"
    );
}
