//! CSRF, headers, throttling, escaping, error pages.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let other = new_client();
    app.register_with(
        &other,
        &Registration {
            email: "other@example.com",
            ..Registration::default()
        },
    )
    .await;
    let others_token = csrf_from(&app.page_with(&other, "/profile").await);
    let own_token = csrf_from(&app.page("/profile").await);
    assert_ne!(others_token, own_token, "each session has its own token");

    let forged = "A".repeat(43);
    let cases: [(&str, Option<&str>); 4] = [
        ("no token", None),
        ("another session's token", Some(&others_token)),
        ("forged token", Some(&forged)),
        ("empty token", Some("")),
    ];
    for (why, token) in cases {
        let mut fields = vec![
            ("name", "Hacked"),
            ("phone", "+8801711000000"),
            ("medical_history", "hacked"),
            ("timezone", ""),
        ];
        if let Some(token) = token {
            fields.push(("csrf_token", token));
        }
        let response = app.post_raw(&app.client, "/profile", &fields).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{why}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This form has expired"),
            "{why}: a page says what happened"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM patients WHERE name = 'Hacked'"),
            0,
            "{why}: nothing changed"
        );
    }

    // Logging out and registering are protected too.
    let response = app.post_raw(&app.client, "/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/dashboard").await.status(),
        StatusCode::OK,
        "still logged in"
    );
    let response = app
        .post_raw(
            &new_client(),
            "/register",
            &[
                ("name", "X Y"),
                ("email", "x@example.com"),
                ("phone", "+8801711000001"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM patients"), 2);
}

#[tokio::test]
async fn every_response_carries_security_headers_and_personal_pages_are_not_cached() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    for path in ["/", "/login", "/dashboard", "/profile", "/no-such-page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: CSP {csp:?}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(
            headers.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert!(headers.get("referrer-policy").is_some(), "{path}");
        assert_eq!(headers.get("cache-control").unwrap(), "no-store", "{path}");
        assert!(headers.get("x-request-id").is_some(), "{path}");
    }
    let css = app.get("/static/vendor/bootstrap/bootstrap.min.css").await;
    assert_eq!(
        css.status(),
        StatusCode::OK,
        "Bootstrap is served by the binary"
    );
    assert!(css
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}

#[tokio::test]
async fn six_wrong_passwords_throttle_that_account_from_that_address_even_without_cookies() {
    let app = spawn_app().await;
    app.register_with(&new_client(), &Registration::default())
        .await;
    app.register_with(
        &new_client(),
        &Registration {
            email: "neighbour@example.com",
            ..Registration::default()
        },
    )
    .await;

    for attempt in 1..=5 {
        // A fresh client each time: the attacker drops cookies.
        let response = app
            .login_with(&new_client(), "ayesha@example.com", "guess guess guess")
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let response = app
        .login_with(&new_client(), "ayesha@example.com", "guess guess guess")
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("try again in 15 minutes"),
        "says how long: {page}"
    );

    let response = app
        .login_with(&new_client(), "ayesha@example.com", PASSWORD)
        .await;
    assert_eq!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );

    let response = app
        .login_with(&new_client(), "neighbour@example.com", PASSWORD)
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "another account from the same address still logs in"
    );
}

#[tokio::test]
async fn markup_and_sql_in_every_field_are_stored_verbatim_and_shown_escaped() {
    let app = spawn_app().await;
    let name = "<script>alert('x')</script> O'Brien\"; DROP TABLE patients;--";
    let history = "<img src=x onerror=alert(1)> '; DELETE FROM patients WHERE '1'='1";
    let response = app
        .register(&Registration {
            name,
            medical_history: history,
            email: "o'brien+test@example.com",
            ..Registration::default()
        })
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let dashboard = app.page("/dashboard").await;
    assert!(
        !dashboard.contains("<script>alert"),
        "name is escaped on the dashboard"
    );
    assert!(
        dashboard.contains("&lt;script&gt;alert("),
        "and still shown"
    );
    let profile = app.page("/profile").await;
    assert!(!profile.contains("<img src=x"), "history is escaped");
    assert!(profile.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE name = '<script>alert(''x'')</script> O''Brien\"; DROP TABLE patients;--'"),
        1,
        "stored verbatim"
    );
    let admin = app.admin_client("admin@example.com").await;
    let record = app
        .submit_with(
            &admin,
            "/admin/patients/1",
            "/admin/patients/1/medical-history",
            &[],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        record.contains("&lt;img src=x onerror=alert(1)&gt; &#x27;; DELETE FROM patients"),
        "verbatim and escaped for staff"
    );
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_and_probes_answer() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = response.text().await.unwrap();
    assert!(page.contains("Page not found") && page.contains("Request id"));
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_malformed_form_body_gets_a_400_page_not_a_crash() {
    let app = spawn_app().await;
    let token = csrf_from(&app.page("/register").await);
    let response = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/json")
        .body(format!("{{\"csrf_token\": \"{token}\"}}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM patients"), 0);
}
