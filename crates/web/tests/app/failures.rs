//! When Consulta itself fails: the patient sees a 500 page with the request id
//! and nothing internal; the log keeps the whole cause, in the request's span.

use crate::helpers::{at, csrf_from, encode, logs, spawn_app, NewDoctor};
use reqwest::{Response, StatusCode};

/// The request id a response names, its page, and the log line of its failure.
async fn failure_seen(response: Response) -> (String, String, String) {
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(!request_id.is_empty(), "the response names its request");
    let page = response.text().await.unwrap();
    let line = logs()
        .lines()
        .find(|line| line.contains(&request_id) && line.contains("request failed"))
        .unwrap_or_else(|| panic!("no failure logged for request {request_id}"))
        .to_owned();
    (request_id, page, line)
}

#[tokio::test]
async fn a_storage_failure_while_booking_shows_a_500_page_with_the_request_id_and_logs_the_cause() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;
    app.execute(
        "CREATE TRIGGER disk_on_fire BEFORE INSERT ON appointments \
         BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );

    let response = app
        .book_with(&patient, doctor, &at(1, "09:00"), "Checkup")
        .await;

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let (request_id, page, line) = failure_seen(response).await;
    assert!(page.contains(&request_id), "the page shows the request id");
    assert!(page.contains("Something went wrong on our side"), "{page}");
    for internal in ["disk on fire", "storage failure", "unexpected failure"] {
        assert!(
            !page.contains(internal),
            "the page must not say {internal:?}"
        );
    }
    assert!(
        line.contains("disk on fire"),
        "the log has the cause: {line}"
    );
    assert!(line.contains("storage failure"), "and its chain: {line}");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments"),
        0,
        "nothing was booked"
    );
}

#[tokio::test]
async fn a_storage_failure_while_a_booking_form_goes_back_is_a_500_not_a_refusal() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;
    let starts_at = at(1, "09:00");
    let review = format!("/book?doctor_id={doctor}&starts_at={}", encode(&starts_at));
    let token = csrf_from(&app.page_with(&patient, &review).await);
    // The doctor's hours become unreadable (every period twice, overlapping)
    // after the review page was shown.
    app.execute(&format!(
        "INSERT INTO doctor_hours (doctor_id, weekday, start_minute, end_minute) \
         SELECT doctor_id, weekday, start_minute, end_minute FROM doctor_hours \
         WHERE doctor_id = {doctor}"
    ));

    // No reason given: the form would go back to the review page, which needs the hours.
    let response = app
        .post_raw(
            &patient,
            "/appointments",
            &[
                ("doctor_id", &doctor.to_string()),
                ("starts_at", &starts_at),
                ("reason", ""),
                ("csrf_token", &token),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let (request_id, page, line) = failure_seen(response).await;
    assert!(page.contains(&request_id), "the page shows the request id");
    for internal in ["doctor_hours", "storage failure", "unexpected failure"] {
        assert!(
            !page.contains(internal),
            "the page must not say {internal:?}"
        );
    }
    assert!(
        line.contains("stored doctor_hours"),
        "the log has the cause: {line}"
    );
}
