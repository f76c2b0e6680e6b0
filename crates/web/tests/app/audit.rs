//! The audit log page: staff logins, record edits, history views and status
//! changes are there with who did them; filters by actor, patient, action
//! and the clinic's days; bad ranges answered 400 on the page; pages in SQL.

use crate::helpers::*;
use reqwest::StatusCode;

fn rows(page: &str) -> usize {
    page.matches("<td><code>").count()
}

/// The table's rows only: the action filter lists every action too.
fn entries(page: &str) -> &str {
    page.find("<tbody>").map_or("", |start| &page[start..])
}

#[tokio::test]
async fn the_log_shows_who_did_what_to_whom_and_filters_by_actor_patient_and_action() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "Checkup")
        .await;
    let appointment = app.count("SELECT id AS n FROM appointments");
    let cancel_page = format!("/appointments/{appointment}");
    let cancelled = app
        .submit_with(
            &patient,
            &cancel_page,
            &format!("/appointments/{appointment}/cancel"),
            &[("reason", "Feeling better"), ("confirmed", "yes")],
        )
        .await;
    assert!(
        cancelled.status().is_redirection(),
        "{}",
        cancelled.status()
    );
    app.submit_with(
        &admin,
        "/admin/patients/1",
        "/admin/patients/1/medical-history",
        &[],
    )
    .await;

    let all = app.page_with(&admin, "/admin/audit").await;
    let all = entries(&all);
    for action in [
        "staff.logged_in",
        "patient.registered",
        "patient.viewed",
        "appointment.cancelled",
    ] {
        assert!(all.contains(action), "{action} is in the log");
    }
    assert!(all.contains("Administrator"), "the actor's name is shown");

    let by_admin = app
        .page_with(&admin, "/admin/audit?actor=admin%40example.com")
        .await;
    let by_admin = entries(&by_admin);
    assert!(by_admin.contains("staff.logged_in") && by_admin.contains("patient.viewed"));
    assert!(
        !by_admin.contains("appointment.cancelled"),
        "the patient did that"
    );

    let of_patient = app.page_with(&admin, "/admin/audit?patient=1").await;
    let of_patient = entries(&of_patient);
    assert!(
        of_patient.contains("appointment.cancelled"),
        "their appointment counts"
    );
    assert!(of_patient.contains("patient.viewed"));
    assert!(!of_patient.contains("staff.logged_in"));
    let same = app
        .page_with(&admin, "/admin/audit?patient=patient1%40example.com")
        .await;
    assert_eq!(rows(&same), rows(of_patient), "by email as by id");

    let views = app
        .page_with(&admin, "/admin/audit?action=patient.viewed")
        .await;
    assert_eq!(rows(&views), 1);
    let nobody = app
        .page_with(&admin, "/admin/audit?actor=nobody%40example.com")
        .await;
    assert_eq!(rows(&nobody), 0);
    assert!(nobody.contains("No entry matches"));

    assert_eq!(
        app.get_with(&patient, "/admin/audit").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_reversed_or_malformed_date_range_is_answered_400_on_the_page() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    for (query, message, why) in [
        (
            "from=2026-12-10&to=2026-12-01",
            "ends before it starts",
            "a reversed range",
        ),
        ("from=10%2F12%2F2026", "YYYY-MM-DD", "a malformed start"),
        ("to=2026-13-01", "YYYY-MM-DD", "a month that does not exist"),
        (
            "actor=%3Cscript%3E",
            "Enter an email address",
            "an actor that is no address",
        ),
    ] {
        let response = app.get_with(&admin, &format!("/admin/audit?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{why}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{why}: says {message:?}");
        assert!(body.contains("is-invalid"), "{why}: the field is marked");
        assert!(!body.contains("<script>"), "{why}: escaped");
    }
}

#[tokio::test]
async fn the_log_pages_newest_first_and_a_range_is_the_clinics_days() {
    let app = spawn_app().await;
    // 60 entries, one an hour from 2026-01-09 18:00 UTC (2026-01-10 00:00 in Dhaka).
    for n in 0..60 {
        app.execute(&format!(
            "INSERT INTO audit_log (at, action, subject) VALUES ({}, 'test.seeded', 'note:{n}')",
            1_767_981_600 + n * 3600
        ));
    }
    let admin = app.admin_client("admin@example.com").await;
    let first = app
        .page_with(&admin, "/admin/audit?action=test.seeded")
        .await;
    assert_eq!(rows(&first), 50);
    assert!(first.contains("60 entries") && first.contains("Page 1 of 2"));
    assert!(
        first.find("note:59").unwrap() < first.find("note:58").unwrap(),
        "newest first"
    );
    let second = app
        .page_with(&admin, "/admin/audit?action=test.seeded&page=2")
        .await;
    assert_eq!(rows(&second), 10);
    assert!(
        second.contains("note:0<") || second.contains("note:0 "),
        "the oldest last"
    );

    // 10 January in Dhaka holds the first 24 entries.
    let day = app
        .page_with(
            &admin,
            "/admin/audit?action=test.seeded&from=2026-01-10&to=2026-01-10",
        )
        .await;
    assert!(day.contains("24 entries"), "the clinic's day, not UTC's");
}
