//! /doctor: a doctor's own day in their own zone and the schedule coming up,
//! and the records of their own patients (audited); nobody else's.

use crate::helpers::*;
use crate::staff_helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_doctor_sees_their_own_day_in_their_zone_and_what_comes_after() {
    let clock = TestClock::new();
    let app = spawn_app_using(LONG_SESSIONS, test_adapters(&clock)).await;
    let (admin, _) = app.admin_and_doctor().await;
    let dhaka = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Dhaka Day",
                timezone: "Asia/Dhaka",
                ..NewDoctor::default()
            },
        )
        .await;
    let other = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Elsewhere",
                ..NewDoctor::default()
            },
        )
        .await;
    let doctor = doctor_client(&app, &admin, dhaka, "dr.dhaka@example.com").await;
    let patient = app.patient(1).await;
    let stranger = marked_patient(&app, 2, "STRANGERMARK").await;
    for (when, reason) in [
        (at(2, "03:00"), "Morning chest pain"),
        (at(2, "09:00"), "Afternoon dizziness"),
        (at(3, "03:00"), "Next day follow-up"),
    ] {
        let response = app.book_with(&patient, dhaka, &when, reason).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{reason}");
    }
    let response = app
        .book_with(
            &stranger.client,
            other,
            &at(2, "10:00"),
            "STRANGERMARK reason",
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // 19:00 UTC on day 1 is 01:00 on day 2 in Dhaka: the doctor's today is day 2.
    past_start(&clock, &at(1, "19:00"), 0);
    app.settle(clock.now()).await;
    let page = app.page_with(&doctor, "/doctor").await;
    let today = &page[page.find("today-heading").unwrap()..page.find("upcoming-heading").unwrap()];
    let upcoming = &page[page.find("upcoming-heading").unwrap()..];
    assert!(
        today.contains("Morning chest pain") && today.contains("09:00 Dhaka"),
        "{today}"
    );
    assert!(today.contains("Afternoon dizziness") && today.contains("15:00 Dhaka"));
    assert!(today.contains("Test Patient"));
    assert!(!today.contains("Next day follow-up"));
    assert!(
        upcoming.contains("Next day follow-up")
            && upcoming.contains("1 confirmed appointment after today")
    );
    assert!(
        !page.contains("STRANGERMARK"),
        "another doctor's patient is not shown"
    );
    assert!(
        today.contains("Mark completed") && today.contains("Start meeting"),
        "the meeting was made"
    );
}

#[tokio::test]
async fn a_doctor_opens_the_history_of_their_own_patients_only_and_each_view_is_audited() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let other = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Elsewhere",
                ..NewDoctor::default()
            },
        )
        .await;
    let client = doctor_client(&app, &admin, doctor, "dr.history@example.com").await;
    let own = marked_patient(&app, 1, "OWNMARK").await;
    let theirs = marked_patient(&app, 2, "THEIRMARK").await;
    let nobody = marked_patient(&app, 3, "LONEMARK").await;
    let mine = id_from(
        &app.book_with(&own.client, doctor, &at(2, "09:00"), "Kidney check")
            .await,
    );
    app.book_with(&theirs.client, other, &at(2, "09:00"), "Other doctor visit")
        .await;
    let patient_of = |email: &str| {
        app.count(&format!(
            "SELECT id AS n FROM patients WHERE email = '{email}'"
        ))
    };
    let own_id = app.count(&format!(
        "SELECT patient_id AS n FROM appointments WHERE id = {mine}"
    ));
    assert_eq!(own_id, patient_of(&own.email));

    let day = app.page_with(&client, "/doctor").await;
    assert!(day.contains(&format!("href=\"/doctor/patients/{own_id}\"")));
    let record = app
        .page_with(&client, &format!("/doctor/patients/{own_id}"))
        .await;
    assert!(record.contains(&own.history) && record.contains(&own.name));
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.viewed_by_doctor' AND actor_kind = 'staff' AND actor_id = 2 AND subject = 'patient:{own_id}'")),
        1
    );

    for (patient, why) in [
        (&theirs, "another doctor's patient"),
        (&nobody, "a patient with no appointment"),
    ] {
        let id = patient_of(&patient.email);
        let response = app
            .get_with(&client, &format!("/doctor/patients/{id}"))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{why}");
        let body = response.text().await.unwrap();
        assert!(
            !body.contains(&patient.history) && !body.contains(&patient.name),
            "{why}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'patient.viewed_by_doctor'"),
        1,
        "refused views are not recorded as views"
    );
}
