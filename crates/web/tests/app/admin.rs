//! The admin panel's access rules and the patient record.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_patient_gets_403_on_admin_pages_and_a_visitor_is_sent_to_log_in() {
    let app = spawn_app().await;
    let response = app.get("/admin/patients").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=%2Fadmin%2Fpatients");

    app.register(&Registration::default()).await;
    for path in ["/admin", "/admin/patients", "/admin/patients/1"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(response.text().await.unwrap().contains("Not allowed"));
    }
}

#[tokio::test]
async fn an_admin_finds_a_patient_sees_the_history_and_the_view_is_audited() {
    let app = spawn_app().await;
    app.register_with(&new_client(), &Registration::default())
        .await;
    app.register_with(
        &new_client(),
        &Registration {
            name: "Karim Hossain",
            email: "karim@example.com",
            medical_history: "Hypertension",
            ..Registration::default()
        },
    )
    .await;
    let admin = app.admin_client("admin@example.com").await;

    let response = app.get_with(&admin, "/admin").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("2 registered"));

    let list = app.page_with(&admin, "/admin/patients?q=karim").await;
    assert!(list.contains("Karim Hossain"));
    assert!(!list.contains("Ayesha Rahman"), "search filters");
    assert!(
        !list.contains("Hypertension"),
        "the list shows no medical data"
    );

    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.viewed'"),
        0
    );
    let record = app.page_with(&admin, "/admin/patients/2").await;
    assert!(!record.contains("Hypertension"), "shown only on request");
    let record = app
        .submit_with(
            &admin,
            "/admin/patients/2",
            "/admin/patients/2/medical-history",
            &[],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(record.contains("Hypertension"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.viewed' AND subject = 'patient:2' AND actor_kind = 'staff'"),
        1
    );
    assert_eq!(
        app.get_with(&admin, "/admin/patients/999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&admin, "/admin/patients/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn create_admin_again_sets_a_new_password() {
    let app = spawn_app().await;
    app.admin_client("boss@example.com").await;
    let out = app.consulta(
        &["create-admin", "--email", "boss@example.com"],
        &[("CONSULTA_ADMIN_PASSWORD", "another long password")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("password was changed"));
    assert_eq!(
        app.login_with(&new_client(), "boss@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_with(&new_client(), "boss@example.com", "another long password")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_admin_email_cannot_be_registered_by_a_patient() {
    let app = spawn_app().await;
    app.admin_client("boss@example.com").await;
    let response = app
        .register(&Registration {
            email: "Boss@example.com",
            ..Registration::default()
        })
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}
