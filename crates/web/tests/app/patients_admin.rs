//! Admins and patients' accounts: search and pages in SQL, contact edits with
//! the profile's rules, deactivation that ends sessions at once and keeps
//! appointments, reactivation, and the medical history shown only on request.

use crate::helpers::*;
use reqwest::StatusCode;

/// Thirty patients straight into the table (the list reads no medical data).
fn seed_patients(app: &TestApp, count: i64) {
    for n in 1..=count {
        app.execute(&format!(
            "INSERT INTO patients (name, email, email_normalized, phone, medical_history, \
             record_key, password_hash, created_at) VALUES ('Seeded Person {n:02}', \
             'seeded{n}@example.org', 'seeded{n}@example.org', '+88017110000{n:02}', 'v1:', \
             'rk{n}', 'h', {})",
            1_700_000_000 + n
        ));
    }
}

fn rows(page: &str) -> usize {
    page.matches("<td><a href=\"/admin/patients/").count()
}

#[tokio::test]
async fn admins_search_patients_by_name_email_or_phone_a_page_at_a_time() {
    let app = spawn_app().await;
    seed_patients(&app, 30);
    let admin = app.admin_client("admin@example.com").await;

    let first = app.page_with(&admin, "/admin/patients?q=seeded").await;
    assert!(first.contains("30 patients"), "the total of all pages");
    assert_eq!(rows(&first), 25, "a page holds 25");
    assert!(first.contains("Seeded Person 30"), "newest first");
    assert!(first.contains("Page 1 of 2"));
    let second = app
        .page_with(&admin, "/admin/patients?q=seeded&page=2")
        .await;
    assert_eq!(rows(&second), 5);
    assert!(second.contains("Seeded Person 01"));

    let by_email = app
        .page_with(&admin, "/admin/patients?q=seeded7%40example")
        .await;
    assert_eq!(rows(&by_email), 1, "{by_email}");
    let by_phone = app
        .page_with(&admin, "/admin/patients?q=%2B880%201711%20000012")
        .await;
    assert_eq!(rows(&by_phone), 1, "a phone typed with spaces");
    assert!(by_phone.contains("Seeded Person 12"));
    let none = app.page_with(&admin, "/admin/patients?q=nobody").await;
    assert!(none.contains("No patient matches"));
}

/// The patient's row as (name, email, phone, timezone).
fn stored(app: &TestApp, id: i64) -> String {
    let conn_sql = format!(
        "SELECT COUNT(*) AS n FROM patients WHERE id = {id} AND name = 'Ayesha Rahman' \
         AND email = 'ayesha@example.com' AND phone = '+8801711234567' AND timezone IS NULL"
    );
    if app.count(&conn_sql) == 1 {
        "unchanged".into()
    } else {
        "changed".into()
    }
}

#[tokio::test]
async fn a_bad_contact_edit_answers_4xx_on_the_form_as_typed_and_changes_nothing() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let admin = app.admin_client("admin@example.com").await;
    let page = "/admin/patients/1";
    for (name, email, phone, timezone, field_message, why) in [
        (
            "",
            "ayesha@example.com",
            "+8801711234567",
            "",
            "name",
            "an empty name",
        ),
        (
            "Ayesha R",
            "not-an-email",
            "+8801711234567",
            "",
            "email",
            "a malformed email",
        ),
        (
            "Ayesha R",
            "ayesha@example.com",
            "12",
            "",
            "phone",
            "a short phone",
        ),
        (
            "Ayesha R",
            "ayesha@example.com",
            "+8801711234567",
            "Mars/Olympus",
            "timezone",
            "an unknown zone",
        ),
        (
            "Ayesha R",
            "ADMIN@example.com",
            "+8801711234567",
            "",
            "a member of staff already uses",
            "a staff member's email",
        ),
    ] {
        let response = app
            .submit_with(
                &admin,
                page,
                page,
                &[
                    ("name", name),
                    ("email", email),
                    ("phone", phone),
                    ("timezone", timezone),
                ],
            )
            .await;
        let status = response.status();
        assert!(status.is_client_error(), "{why}: {status}");
        let body = response.text().await.unwrap();
        assert!(body.contains("were not changed"), "{why}: the form says so");
        assert!(
            body.contains("is-invalid") && body.contains(field_message),
            "{why}: the field is marked"
        );
        assert!(
            body.contains(&format!("value=\"{email}\"")),
            "{why}: the typed email is kept"
        );
        assert_eq!(stored(&app, 1), "unchanged", "{why}: nothing changed");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.edited'"),
        0
    );
}

#[tokio::test]
async fn a_good_contact_edit_is_saved_and_audited_with_the_admin() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let admin = app.admin_client("admin@example.com").await;
    let response = app
        .submit_with(
            &admin,
            "/admin/patients/1",
            "/admin/patients/1",
            &[
                ("name", "Ayesha Begum"),
                ("email", "Ayesha.Begum@Example.com"),
                ("phone", "+880 1811 000111"),
                ("timezone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("were saved"));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM patients WHERE id = 1 AND name = 'Ayesha Begum' \
             AND email_normalized = 'ayesha.begum@example.com' AND phone = '+8801811000111' \
             AND timezone = 'Europe/London' AND email_verified_at IS NULL"
        ),
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.edited' \
             AND subject = 'patient:1' AND actor_kind = 'staff' AND actor_id = 1"
        ),
        1
    );
    // The new address logs in; the old one no longer does.
    let client = new_client();
    assert_eq!(
        app.login_with(&client, "ayesha.begum@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.login_with(&new_client(), "ayesha@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_deactivated_patient_is_logged_out_at_once_cannot_log_in_and_keeps_their_appointments() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(2, "09:00"), "Checkup")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let id = app.count("SELECT id AS n FROM patients WHERE email = 'patient1@example.com'");
    let page = format!("/admin/patients/{id}");

    // First the question; nothing happens yet.
    let ask = app
        .submit_with(&admin, &page, &format!("{page}/deactivate"), &[])
        .await;
    assert_eq!(ask.status(), StatusCode::OK);
    let ask = ask.text().await.unwrap();
    assert!(ask.contains("Deactivate this account?"));
    assert!(ask.contains("name=\"confirmed\" value=\"yes\""));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE deactivated_at IS NOT NULL"),
        0
    );
    assert_eq!(
        app.get_with(&patient, "/dashboard").await.status(),
        StatusCode::OK
    );

    let done = app
        .submit_with(
            &admin,
            &page,
            &format!("{page}/deactivate"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("was deactivated"));
    let session_ended = app.get_with(&patient, "/dashboard").await;
    assert_eq!(
        session_ended.status(),
        StatusCode::SEE_OTHER,
        "the open session ended at once"
    );
    assert!(location(&session_ended).starts_with("/login"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM sessions WHERE account_kind = 'patient' AND account_id = {id}"
        )),
        0
    );
    let refused = app
        .login_with(&new_client(), "patient1@example.com", PASSWORD)
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("deactivated") && refused.contains("contact the clinic"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE patient_id = {id} AND status = 'confirmed'"
        )),
        1,
        "the appointment stays"
    );
    let wrong = app
        .login_with(&new_client(), "patient1@example.com", "not the password")
        .await;
    assert_eq!(
        wrong.status(),
        StatusCode::UNAUTHORIZED,
        "only the password's owner learns the account is deactivated"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.deactivated' \
             AND subject = 'patient:{id}' AND actor_kind = 'staff'"
        )),
        1
    );
    let again = app
        .submit_with(
            &admin,
            &page,
            &format!("{page}/deactivate"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "already deactivated");

    let reactivated = app
        .submit_with(&admin, &page, &format!("{page}/reactivate"), &[])
        .await;
    assert_eq!(reactivated.status(), StatusCode::OK);
    assert_eq!(
        app.login_with(&new_client(), "patient1@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER,
        "they log in again"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.reactivated' \
             AND subject = 'patient:{id}' AND actor_kind = 'staff'"
        )),
        1
    );
}

#[tokio::test]
async fn the_medical_history_shows_only_on_request_and_each_view_is_audited() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let admin = app.admin_client("admin@example.com").await;
    let views = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.viewed' \
                 AND subject = 'patient:1' AND actor_kind = 'staff'";

    let page = app.page_with(&admin, "/admin/patients/1").await;
    assert!(!page.contains("allergic to penicillin"));
    assert!(page.contains("Show medical history"));
    assert_eq!(app.count(views), 0, "opening the page is not a view");

    let shown = app
        .submit_with(
            &admin,
            "/admin/patients/1",
            "/admin/patients/1/medical-history",
            &[],
        )
        .await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert!(shown
        .text()
        .await
        .unwrap()
        .contains("allergic to penicillin"));
    assert_eq!(app.count(views), 1);

    let forged = app
        .post_raw(&admin, "/admin/patients/1/medical-history", &[])
        .await;
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "no CSRF token, no view"
    );
    assert_eq!(app.count(views), 1);
    let patient = app.patient_as(2, "other@example.com").await;
    assert_eq!(
        app.get_with(&patient, "/admin/patients/1").await.status(),
        StatusCode::FORBIDDEN
    );
}
