//! Registration, login, profile, password and email changes, logout.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_patient_registers_logs_in_edits_profile_changes_password_and_logs_out() {
    let app = spawn_app().await;

    // Register: lands on the dashboard, logged in.
    let response = app.register(&Registration::default()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/dashboard");
    let dashboard = app.page("/dashboard").await;
    assert!(dashboard.contains("Hello, Ayesha Rahman"));
    assert!(dashboard.contains("No appointments yet"));

    // Log out, then log in again.
    assert_eq!(
        app.logout_with(&app.client).await.status(),
        StatusCode::SEE_OTHER
    );
    let response = app
        .login_with(&app.client, "AYESHA@example.com", PASSWORD)
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "email is matched without case"
    );
    assert_eq!(location(&response), "/dashboard");

    // A second device logged in at the same time.
    let other_device = new_client();
    app.login_with(&other_device, "ayesha@example.com", PASSWORD)
        .await;
    assert_eq!(
        app.get_with(&other_device, "/dashboard").await.status(),
        StatusCode::OK
    );

    // Edit the profile.
    let response = app
        .submit(
            "/profile",
            "/profile",
            &[
                ("name", "Ayesha R. Khan"),
                ("phone", "+1 (212) 555-0199"),
                ("medical_history", "Asthma. Now also type 2 diabetes."),
                ("timezone", "America/New_York"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let profile = response.text().await.unwrap();
    assert!(profile.contains("Your details were saved."));
    assert!(profile.contains("Ayesha R. Khan"));
    assert!(profile.contains("Now also type 2 diabetes."));
    assert!(profile.contains("+12125550199"));

    // Change the password: the other device's session ends, this one continues.
    let response = app
        .submit(
            "/profile",
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
                ("new_password_confirm", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/dashboard").await.status(),
        StatusCode::OK,
        "this device stays in"
    );
    let response = app.get_with(&other_device, "/dashboard").await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the other device is logged out"
    );
    assert!(location(&response).starts_with("/login"));
    assert_eq!(
        app.login_with(&new_client(), "ayesha@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the old password no longer works"
    );

    // Log out: the old cookie no longer works, even replayed by hand.
    let token = raw_login(&app, "ayesha@example.com", "a brand new secret").await;
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = format!("consulta_session={token}");
    let dashboard = raw
        .get(app.url("/dashboard"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(dashboard.status(), StatusCode::OK);
    let csrf = csrf_from(&dashboard.text().await.unwrap());
    let response = raw
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let replay = raw
        .get(app.url("/dashboard"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        StatusCode::SEE_OTHER,
        "the cookie is dead after logout"
    );
    assert!(location(&replay).starts_with("/login"));
}

/// Logs in without a cookie jar and returns the raw session token from Set-Cookie.
async fn raw_login(app: &TestApp, email: &str, password: &str) -> String {
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login_page = raw.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = login_page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("consulta_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("anonymous CSRF cookie")
        .to_owned();
    let token = csrf_from(&login_page.text().await.unwrap());
    let response = raw
        .post(app.url("/login"))
        .header("cookie", csrf_cookie)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("consulta_session="))
        .expect("session cookie")
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    set_cookie["consulta_session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_taken_email_is_refused_whatever_its_case_and_the_form_keeps_the_input() {
    let app = spawn_app().await;
    app.register_with(&new_client(), &Registration::default())
        .await;

    let response = app
        .register_with(
            &new_client(),
            &Registration {
                email: "  Ayesha@EXAMPLE.com ",
                name: "Second Person",
                ..Registration::default()
            },
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let page = response.text().await.unwrap();
    assert!(page.contains("An account with this email already exists"));
    assert!(
        page.contains("value=\"Second Person\""),
        "the name typed is kept"
    );
    assert!(!page.contains(PASSWORD), "the password is never sent back");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM patients"), 1);
}

#[tokio::test]
async fn bad_registrations_get_a_message_per_field_and_store_nothing() {
    let app = spawn_app().await;
    let long_name = "x".repeat(101);
    let long_history = "y".repeat(5001);
    let long_password = "p".repeat(73);
    // (fields that differ from a valid form, message expected, why)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("email", "not-an-email")],
            "Enter an email address like name@example.com.",
            "malformed email",
        ),
        (
            vec![("email", "")],
            "Enter your email address.",
            "empty email",
        ),
        (vec![("name", "")], "Enter your name.", "empty name"),
        (
            vec![("name", &long_name)],
            "A name can be at most 100 characters.",
            "overlong name",
        ),
        (
            vec![("phone", "call me maybe")],
            "Enter a phone number using digits",
            "phone with letters",
        ),
        (
            vec![("medical_history", &long_history)],
            "Medical history can be at most 5000 characters.",
            "overlong history",
        ),
        (
            vec![("password", "short"), ("password_confirm", "short")],
            "at least 10 characters",
            "short password",
        ),
        (
            vec![
                ("password", &long_password),
                ("password_confirm", &long_password),
            ],
            "at most 72 bytes",
            "password over bcrypt's limit",
        ),
        (
            vec![("password_confirm", "something else entirely")],
            "The two passwords do not match.",
            "mismatch",
        ),
    ];
    for (overrides, message, why) in cases {
        let mut fields = vec![
            ("name", "Karim Hossain"),
            ("email", "karim@example.com"),
            ("phone", "+8801711000000"),
            ("medical_history", ""),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ];
        for (key, value) in &overrides {
            for field in fields.iter_mut() {
                if field.0 == *key {
                    field.1 = value;
                }
            }
        }
        let response = app
            .submit_with(&new_client(), "/register", "/register", &fields)
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains(message),
            "{why}: expected {message:?} on the page"
        );
        assert!(page.contains("is-invalid"), "{why}: the field is marked");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM patients"),
            0,
            "{why}: nothing stored"
        );
    }
}

#[tokio::test]
async fn passwords_sharing_a_72_byte_prefix_never_unlock_each_other() {
    let app = spawn_app().await;
    let prefix = "q".repeat(71);
    let password = format!("{prefix}A");
    app.register(&Registration {
        password: &password,
        ..Registration::default()
    })
    .await;
    let other = format!("{prefix}B");
    assert_eq!(
        app.login_with(&new_client(), "ayesha@example.com", &other)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let longer = format!("{password}extra");
    assert_eq!(
        app.login_with(&new_client(), "ayesha@example.com", &longer)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "a longer password is not silently cut to the stored one"
    );
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let wrong = app
        .login_with(&new_client(), "ayesha@example.com", "not the password")
        .await;
    let unknown = app
        .login_with(&new_client(), "nobody@example.com", "not the password")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), wrong.status());
    let message = "That email and password do not match an account.";
    assert!(wrong.text().await.unwrap().contains(message));
    assert!(unknown.text().await.unwrap().contains(message));
}

#[tokio::test]
async fn login_returns_to_a_local_next_path_and_ignores_other_hosts() {
    let app = spawn_app().await;
    app.register_with(&new_client(), &Registration::default())
        .await;

    let response = app.get("/profile").await;
    assert_eq!(
        location(&response),
        "/login?next=%2Fprofile",
        "anonymous visitor is sent to log in"
    );

    let client = new_client();
    let page = app.page_with(&client, "/login?next=%2Fprofile").await;
    let token = csrf_from(&page);
    assert!(page.contains("name=\"next\" value=\"&#x2f;profile\""));
    let response = app
        .post_raw(
            &client,
            "/login",
            &[
                ("email", "ayesha@example.com"),
                ("password", PASSWORD),
                ("next", "/profile"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(location(&response), "/profile");

    for evil in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let client = new_client();
        let token = csrf_from(&app.page_with(&client, "/login").await);
        let response = app
            .post_raw(
                &client,
                "/login",
                &[
                    ("email", "ayesha@example.com"),
                    ("password", PASSWORD),
                    ("next", evil),
                    ("csrf_token", &token),
                ],
            )
            .await;
        assert_eq!(
            location(&response),
            "/dashboard",
            "next={evil:?} must not be followed"
        );
    }
}

#[tokio::test]
async fn changing_email_needs_the_password_and_a_free_address() {
    let app = spawn_app().await;
    app.register_with(
        &new_client(),
        &Registration {
            email: "taken@example.com",
            ..Registration::default()
        },
    )
    .await;
    app.register(&Registration::default()).await;

    let response = app
        .submit(
            "/profile",
            "/profile/email",
            &[("email", "new@example.com"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("That is not your password."));

    let response = app
        .submit(
            "/profile",
            "/profile/email",
            &[("email", "TAKEN@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("value=\"TAKEN@example.com\""),
        "input kept"
    );

    let response = app
        .submit(
            "/profile",
            "/profile/email",
            &[("email", "new@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE email = 'new@example.com'"),
        1
    );
    assert_eq!(
        app.login_with(&new_client(), "new@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_bad_profile_edit_keeps_the_typed_values_and_changes_nothing() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let response = app
        .submit(
            "/profile",
            "/profile",
            &[
                ("name", "New Name"),
                ("phone", "12"),
                ("medical_history", "changed"),
                ("timezone", "Mars/Base"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("value=\"New Name\""));
    assert!(page.contains("A phone number has between 7 and 15 digits."));
    assert!(
        page.contains("Choose a time zone such as Asia&#x2f;Dhaka"),
        "slashes are escaped by the template engine"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE name = 'Ayesha Rahman'"),
        1
    );
}
