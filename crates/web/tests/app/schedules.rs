//! Doctors' particular days: other hours on a date, time off, and what
//! becomes of the appointments a change clashes with (previewed, then
//! cancelled with word to the patient, or kept).

use crate::helpers::*;
use reqwest::{Client, StatusCode};

async fn slots_on(app: &TestApp, doctor: i64, date: &str) -> Vec<String> {
    let body = app
        .page(&format!(
            "/api/doctors/{doctor}/slots?from={date}&to={date}"
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    json["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["local_time"].as_str().unwrap().to_owned())
        .collect()
}

async fn post_on_doctor_page(
    app: &TestApp,
    admin: &Client,
    doctor: i64,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.submit_with(
        admin,
        &format!("/admin/doctors/{doctor}"),
        &format!("/admin/doctors/{doctor}/{path}"),
        fields,
    )
    .await
}

/// A patient's confirmed booking at `time` on `day(days)`; its id.
async fn booked(app: &TestApp, doctor: i64, patient: &Client, days: i64, time: &str) -> i64 {
    let response = app
        .book_with(patient, doctor, &at(days, time), "Persistent cough")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "booked");
    location(&response)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_date_override_changes_the_slots_offered_that_date_and_a_closed_date_offers_none() {
    let app = spawn_app().await;
    let (admin, doctor) = app.admin_and_doctor().await;
    assert_eq!(
        slots_on(&app, doctor, &day(5)).await.len(),
        16,
        "a normal day"
    );

    let response = post_on_doctor_page(
        &app,
        &admin,
        doctor,
        "overrides",
        &[
            ("date", &day(5)),
            ("hours", "10:00-11:00"),
            ("reason", "Half day"),
        ],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "saved, then a GET"
    );
    assert_eq!(location(&response), format!("/admin/doctors/{doctor}"));
    let page = app.page_with(&admin, &location(&response)).await;
    assert!(
        page.contains("10:00-11:00") && page.contains("Half day"),
        "listed"
    );
    assert_eq!(slots_on(&app, doctor, &day(5)).await, ["10:00", "10:30"]);
    assert_eq!(
        slots_on(&app, doctor, &day(6)).await.len(),
        16,
        "other dates keep their hours"
    );

    let response = post_on_doctor_page(
        &app,
        &admin,
        doctor,
        "overrides",
        &[("date", &day(6)), ("hours", "")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        slots_on(&app, doctor, &day(6)).await.is_empty(),
        "closed that date"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'doctor.date_override_added'"
        ),
        2
    );

    let entry = app.count(&format!(
        "SELECT id AS n FROM doctor_date_overrides WHERE local_date = '{}'",
        day(6)
    ));
    let response = post_on_doctor_page(
        &app,
        &admin,
        doctor,
        &format!("overrides/{entry}/delete"),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        slots_on(&app, doctor, &day(6)).await.len(),
        16,
        "the weekly hours again"
    );
}

#[tokio::test]
async fn whole_days_off_read_as_the_days_they_cover() {
    let app = spawn_app().await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let response = post_on_doctor_page(
        &app,
        &admin,
        doctor,
        "time-off",
        &[
            ("start", "2027-03-24"),
            ("end", "2027-03-26"),
            ("reason", "Holiday"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = app
        .page_with(&admin, &format!("/admin/doctors/{doctor}"))
        .await;
    assert!(
        page.contains("24–26 March 2027"),
        "the days, not an end instant"
    );
    assert!(!page.contains("27 March"), "not the midnight it ends at");
    assert!(
        page.contains("The change to the doctor"),
        "says it was saved"
    );
}

#[tokio::test]
async fn time_off_over_an_appointment_is_previewed_first_and_keep_leaves_it() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let id = booked(&app, doctor, &patient, 5, "09:00").await;

    let fields = [
        ("start", day(5)),
        ("end", day(5)),
        ("reason", "Conference".to_owned()),
    ];
    let as_refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = post_on_doctor_page(&app, &admin, doctor, "time-off", &as_refs).await;
    assert_eq!(response.status(), StatusCode::OK, "the preview");
    let preview = response.text().await.unwrap();
    assert!(preview.contains("clashes with 1 appointment"), "{preview}");
    assert!(
        preview.contains("Test Patient") && preview.contains(&format!("/admin/appointments/{id}"))
    );
    assert!(
        preview.contains("value=\"Conference\""),
        "the change travels with the answer"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM doctor_time_off"),
        0,
        "nothing saved yet"
    );

    let token = csrf_from(&preview);
    let seen = id.to_string();
    let mut answer = as_refs.clone();
    answer.extend([
        ("confirmed", "yes"),
        ("seen", &seen),
        ("clashes", "keep"),
        ("csrf_token", &token),
    ]);
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/doctors/{doctor}/time-off"),
            &answer,
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM doctor_time_off"), 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed'"
        )),
        1,
        "kept"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.kept_despite_schedule_change' AND subject = 'appointment:{id}'"
        )),
        1
    );
}

#[tokio::test]
async fn cancel_and_notify_cancels_the_clashing_appointment_and_mails_the_patient() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let id = booked(&app, doctor, &patient, 5, "14:00").await;
    let other = booked(&app, doctor, &patient, 6, "14:00").await;

    // Closed on day 5 but for the morning: the afternoon booking clashes.
    let fields = [("date", day(5)), ("hours", "08:00-12:00".to_owned())];
    let as_refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = post_on_doctor_page(&app, &admin, doctor, "overrides", &as_refs).await;
    assert_eq!(response.status(), StatusCode::OK, "the preview");
    let preview = response.text().await.unwrap();
    assert!(preview.contains(&format!("/admin/appointments/{id}")));
    assert!(
        !preview.contains(&format!("/admin/appointments/{other}")),
        "another date is no clash"
    );

    let token = csrf_from(&preview);
    let seen = id.to_string();
    let mut answer = as_refs.clone();
    answer.extend([
        ("confirmed", "yes"),
        ("seen", &seen),
        ("clashes", "cancel"),
        ("csrf_token", &token),
    ]);
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/doctors/{doctor}/overrides"),
            &answer,
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'cancelled' AND cancelled_by = 'staff'"
        )),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointment_history WHERE appointment_id = {id} AND by_kind LIKE 'staff:%'")),
        1,
        "the history says the clinic did it"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {other} AND status = 'confirmed'"
        )),
        1
    );
    app.eventually(
        &format!("SELECT COUNT(*) AS n FROM outbox_jobs WHERE appointment_id = {id} AND kind = 'send_cancellation' AND state = 'done'"),
        1,
    )
    .await;
    assert!(
        app.appointment_mails()
            .iter()
            .any(|m| m.contains("is cancelled")),
        "the patient is told"
    );
}

#[tokio::test]
async fn a_preview_gone_stale_saves_nothing_and_shows_the_appointments_again() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let id = booked(&app, doctor, &patient, 5, "09:00").await;
    let token = csrf_from(
        &app.page_with(&admin, &format!("/admin/doctors/{doctor}"))
            .await,
    );
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/doctors/{doctor}/time-off"),
            &[
                ("start", &day(5)),
                ("end", &day(5)),
                ("confirmed", "yes"),
                ("seen", ""),
                ("clashes", "cancel"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response.text().await.unwrap().contains("changed meanwhile"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM doctor_time_off"), 0);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed'"
        )),
        1
    );
}

/// Path, fields, the message expected, a value kept, why it is refused.
type BadInput<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str, &'a str);

#[tokio::test]
async fn bad_schedule_inputs_are_refused_on_the_same_page_with_what_was_typed() {
    let app = spawn_app().await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let response = post_on_doctor_page(
        &app,
        &admin,
        doctor,
        "overrides",
        &[("date", &day(9)), ("hours", "")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cases: [BadInput; 6] = [
        (
            "time-off",
            &[("start", "2027-03-26"), ("end", "2027-03-24")],
            "cannot come before",
            "2027-03-26",
            "end before start",
        ),
        (
            "time-off",
            &[("start", "2027-03-24T17:00"), ("end", "2027-03-24T13:00")],
            "must end after it starts",
            "2027-03-24T17:00",
            "end before start, with times",
        ),
        (
            "time-off",
            &[("start", "next tuesday"), ("end", "2027-03-24")],
            "Enter a date such as",
            "next tuesday",
            "malformed date",
        ),
        (
            "overrides",
            &[("date", "2027-02-30"), ("hours", "10:00-12:00")],
            "Enter a date such as 2026-12-24",
            "2027-02-30",
            "no such date",
        ),
        (
            "overrides",
            &[
                ("date", "2027-03-24"),
                ("hours", "09:00-12:00, 11:00-13:00"),
            ],
            "overlaps",
            "09:00-12:00, 11:00-13:00",
            "overlapping periods",
        ),
        (
            "overrides",
            &[("date", &day(9)), ("hours", "10:00-12:00")],
            "other hours set already",
            "10:00-12:00",
            "a date overridden already",
        ),
    ];
    for (path, fields, message, kept, why) in cases {
        let response = post_on_doctor_page(&app, &admin, doctor, path, fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{why}: says {message:?}");
        assert!(
            page.contains(&format!("value=\"{kept}\"")),
            "{why}: keeps what was typed"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM doctor_time_off"), 0);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM doctor_date_overrides"),
        1
    );
}
