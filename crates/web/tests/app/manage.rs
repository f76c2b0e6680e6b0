//! A patient's own appointments: cancel and reschedule, and nobody else's.

use crate::helpers::*;
use reqwest::StatusCode;

async fn booked(
    app: &TestApp,
    doctor: i64,
    patient: &reqwest::Client,
    days: i64,
    time: &str,
) -> String {
    let response = app
        .book_with(patient, doctor, &at(days, time), "Annual check-up")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

#[tokio::test]
async fn another_patients_appointment_is_not_found_and_cannot_be_changed() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let owner = app.patient(1).await;
    let intruder = app.patient(2).await;
    let url = booked(&app, doctor, &owner, 5, "09:00").await;

    assert_eq!(
        app.get_with(&intruder, &url).await.status(),
        StatusCode::NOT_FOUND
    );
    let token = csrf_from(&app.page_with(&intruder, "/dashboard").await);
    let cancel = app
        .post_raw(
            &intruder,
            &format!("{url}/cancel"),
            &[
                ("reason", "mine now"),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(cancel.status(), StatusCode::NOT_FOUND);
    let moved = app
        .post_raw(
            &intruder,
            &format!("{url}/reschedule"),
            &[
                ("starts_at", &at(5, "10:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_with(&intruder, "/appointments/99999")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed' AND appointment_time = '09:00' AND appointment_date = '{}'", day(5))),
        1,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_patient_reschedules_keeping_the_same_appointment_and_then_cancels() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = app.patient(1).await;
    let url = booked(&app, doctor, &patient, 5, "09:00").await;

    let page = app
        .page_with(&patient, &format!("{url}?date={}", day(6)))
        .await;
    assert!(
        page.contains("Move to another time") && page.contains("data-confirm"),
        "asks before moving"
    );
    let token = csrf_from(&page);
    // Unconfirmed (no script asked), a page asks first and nothing moves yet.
    let unconfirmed = app
        .post_raw(
            &patient,
            &format!("{url}/reschedule"),
            &[("starts_at", &at(6, "14:00")), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(unconfirmed.status(), StatusCode::OK);
    assert!(unconfirmed
        .text()
        .await
        .unwrap()
        .contains("Move this appointment?"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointment_history"),
        1,
        "nothing moved yet"
    );
    let unconfirmed = app
        .post_raw(
            &patient,
            &format!("{url}/cancel"),
            &[("reason", "x"), ("csrf_token", &token)],
        )
        .await;
    assert!(unconfirmed
        .text()
        .await
        .unwrap()
        .contains("Cancel this appointment?"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1,
        "not cancelled yet"
    );
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/reschedule"),
            &[
                ("starts_at", &at(6, "14:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), url, "the same appointment moved");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointments WHERE appointment_date = '{}' AND appointment_time = '14:00' AND status = 'confirmed'", day(6))),
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 1);
    assert!(app.count("SELECT COUNT(*) AS n FROM appointment_history WHERE old_starts_at IS NOT NULL AND new_starts_at IS NOT NULL AND old_starts_at <> new_starts_at") >= 1, "the move is in the history");
    let page = app.page_with(&patient, &url).await;
    assert!(page.contains("moved from"));
    // The old time is free again.
    let slots = app
        .page(&format!("/book?doctor_id={doctor}&date={}", day(5)))
        .await;
    assert!(slots.contains(&encode(&at(5, "09:00"))));

    // Moving onto a time that is not offered changes nothing.
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/reschedule"),
            &[
                ("starts_at", &at(6, "12:15")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let response = app
        .post_raw(
            &patient,
            &format!("{url}/cancel"),
            &[
                ("reason", "Feeling better"),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'cancelled' AND cancel_reason = 'Feeling better' AND cancelled_by = 'patient'"), 1);
    // Cancelling twice is a clear message, not a crash.
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/cancel"),
            &[("reason", ""), ("confirmed", "yes"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("cannot be cancelled"));
    app.eventually(
        "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%cancellation%'",
        1,
    )
    .await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%rescheduled%'",
        1,
    )
    .await;
}

#[tokio::test]
async fn changes_inside_the_notice_are_refused() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    // Working round the clock, so a slot a few hours ahead exists whatever the time.
    let doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                hours: "00:00-24:00",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = app.patient(1).await;
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(3))
        .unwrap();
    let slot_start =
        jiff::Timestamp::from_second(soon.as_second() - soon.as_second() % 1800).unwrap();
    let starts_at = slot_start.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let response = app
        .book_with(&patient, doctor, &starts_at, "Urgent but not an emergency")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let url = location(&response);
    let page = app.page_with(&patient, &url).await;
    assert!(
        !page.contains("Cancel appointment"),
        "no cancel button inside the notice"
    );
    let token = csrf_from(&page);
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/cancel"),
            &[("reason", ""), ("confirmed", "yes"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("up to 24 hours before"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1
    );
}

#[tokio::test]
async fn admins_get_clear_messages_for_bad_doctor_settings() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let response = app
        .submit_with(
            &admin,
            "/admin/doctors/new",
            "/admin/doctors",
            &[
                ("name", ""),
                ("specialty", "Cardiology"),
                ("fee", "-5"),
                ("timezone", "Mars/Base"),
                ("slot_minutes", "0"),
                ("buffer_minutes", "0"),
                ("notice_minutes", "60"),
                ("horizon_days", "60"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("Enter your name."), "name flagged");
    assert!(page.contains("value=\"Cardiology\""), "input kept");
    assert!(page.contains("Enter the fee in BDT"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM doctors"), 0);

    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    let response = app
        .submit_with(
            &admin,
            &format!("/admin/doctors/{doctor}"),
            &format!("/admin/doctors/{doctor}/hours"),
            &[
                ("monday", "09:00-12:00, 11:00-13:00"),
                ("tuesday", "nine to five"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("overlaps"), "overlapping periods named");
    assert!(page.contains("value=\"nine to five\""), "input kept");
    let hours_kept = app.count(&format!(
        "SELECT COUNT(*) AS n FROM doctor_hours WHERE doctor_id = {doctor}"
    ));
    assert_eq!(hours_kept, 14, "the old hours are untouched");
}
