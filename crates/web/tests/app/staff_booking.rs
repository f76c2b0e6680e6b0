//! Staff booking and moving for a patient who phones or walks in, and the
//! doctor's own mails about their appointments.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

/// A doctor working around the clock, so that a slot inside the notice exists whenever the test runs.
async fn round_the_clock_doctor(app: &TestApp, admin: &Client) -> i64 {
    app.create_doctor(
        admin,
        &NewDoctor {
            hours: "00:00-24:00",
            ..NewDoctor::default()
        },
    )
    .await
}

/// The first half-hour grid time at least 30 minutes from now: inside the 60-minute notice.
fn slot_inside_the_notice() -> jiff::Timestamp {
    let now = jiff::Timestamp::now().as_second();
    let next = (now / 1800 + 1) * 1800 + 1800;
    jiff::Timestamp::from_second(next).unwrap()
}

fn rfc3339(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn patient_id_of(app: &TestApp, email: &str) -> i64 {
    app.count(&format!(
        "SELECT id AS n FROM patients WHERE email = '{email}'"
    ))
}

async fn staff_book(
    app: &TestApp,
    admin: &Client,
    patient: i64,
    doctor: i64,
    starts_at: &str,
    reason: &str,
) -> reqwest::Response {
    app.submit_with(
        admin,
        &format!("/admin/patients/{patient}/book"),
        &format!("/admin/patients/{patient}/book"),
        &[
            ("doctor_id", &doctor.to_string()),
            ("starts_at", starts_at),
            ("reason", reason),
        ],
    )
    .await
}

/// Links a doctor's staff account, so the doctor's mails have somewhere to go.
fn link_doctor_account(app: &TestApp, doctor: i64, email: &str) {
    app.execute(&format!(
        "INSERT INTO staff_users (name, email, email_normalized, password_hash, role, doctor_id, created_at) \
         VALUES ('Dr. Test Doctor', '{email}', '{email}', 'x', 'doctor', {doctor}, 0)"
    ));
}

#[tokio::test]
async fn staff_booking_inside_the_notice_is_confirmed_at_once_and_mails_the_patient() {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}payments.policy = \"before\"\n")).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = round_the_clock_doctor(&app, &admin).await;
    let patient = app.patient(1).await;
    let patient_id = patient_id_of(&app, "patient1@example.com");
    let starts_at = rfc3339(slot_inside_the_notice());

    let refused = app
        .book_with(&patient, doctor, &starts_at, "Chest pain since morning")
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the patient may not"
    );

    let date = &starts_at[..10];
    let form = app
        .page_with(
            &admin,
            &format!("/admin/patients/{patient_id}/book?doctor_id={doctor}&date={date}"),
        )
        .await;
    assert!(
        form.contains(&starts_at),
        "staff are offered the time inside the notice"
    );
    let response = staff_book(
        &app,
        &admin,
        patient_id,
        doctor,
        &starts_at,
        "Chest pain since morning",
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "staff may");
    let url = location(&response);
    assert!(url.starts_with("/admin/appointments/"), "{url}");
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed' AND patient_id = {patient_id}")),
        1,
        "confirmed at once, though payment comes first online"
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointment_history WHERE appointment_id = {id} AND by_kind LIKE 'staff:%'")),
        1,
        "the history names the clinic"
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.booked_by_staff' AND subject = 'appointment:{id}'")),
        1
    );
    let page = app.page_with(&admin, &url).await;
    assert!(page.contains("The patient is told by email."));
    app.eventually(
        &format!("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%appointment-{id}-confirmation%'"),
        1,
    )
    .await;
    assert!(app
        .appointment_mails()
        .iter()
        .any(|m| m.contains("patient1@example.com")));
}

#[tokio::test]
async fn staff_booking_over_an_existing_appointment_is_refused_with_a_message() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let first = app.patient(1).await;
    let response = app
        .book_with(&first, doctor, &at(5, "09:00"), "Annual check-up")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.patient(2).await;
    let second = patient_id_of(&app, "patient2@example.com");

    let response = staff_book(
        &app,
        &admin,
        second,
        doctor,
        &at(5, "09:00"),
        "Knee pain after a fall",
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let page = response.text().await.unwrap();
    assert!(page.contains("This time is taken"), "says why");
    assert!(
        page.contains("Knee pain after a fall"),
        "keeps the reason typed"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments"),
        1,
        "nothing booked"
    );

    let response = staff_book(&app, &admin, second, doctor, &at(5, "09:00"), "").await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is still needed"
    );
    let response = staff_book(
        &app,
        &admin,
        second,
        doctor,
        "not a time",
        "Knee pain after a fall",
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 1);
}

#[tokio::test]
async fn staff_move_an_appointment_after_asking_and_the_patient_is_told() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(5, "09:00"), "Annual check-up")
        .await;
    let id: i64 = location(&response)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let move_page = format!("/admin/appointments/{id}/move?date={}", day(6));
    let page = app.page_with(&admin, &move_page).await;
    assert!(
        page.contains(&at(6, "14:00")),
        "the free times of the day chosen"
    );
    let token = csrf_from(&page);
    let path = format!("/admin/appointments/{id}/move");
    let response = app
        .post_raw(
            &admin,
            &path,
            &[("starts_at", &at(6, "14:00")), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Move this appointment?"));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointment_history"),
        1,
        "not yet"
    );

    let response = app
        .post_raw(
            &admin,
            &path,
            &[
                ("starts_at", &at(6, "14:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND appointment_date = '{}' AND appointment_time = '14:00'",
            day(6)
        )),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointment_history WHERE appointment_id = {id} AND by_kind LIKE 'staff:%' AND old_starts_at <> new_starts_at")),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.moved_by_staff' AND subject = 'appointment:{id}'")),
        1
    );
    app.eventually(
        &format!("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%appointment-{id}-rescheduled%'"),
        1,
    )
    .await;

    // Onto another patient's time: refused, nothing moved.
    let other = app.patient(2).await;
    app.book_with(&other, doctor, &at(7, "09:00"), "Annual check-up")
        .await;
    let response = app
        .post_raw(
            &admin,
            &path,
            &[
                ("starts_at", &at(7, "09:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("This time is taken"));
}

#[tokio::test]
async fn the_doctor_is_mailed_on_booking_move_and_cancellation_without_the_medical_history() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    link_doctor_account(&app, doctor, "doctor@example.com");
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(5, "09:00"), "Recurring migraines")
        .await;
    let url = location(&response);
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let doctor_mails = |app: &TestApp| -> Vec<String> {
        app.mails()
            .into_iter()
            .filter(|m| m.contains("doctor@example.com"))
            .collect()
    };
    app.eventually(&format!("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%doctor-appointment-{id}-booked%'"), 1).await;
    let booked = doctor_mails(&app);
    assert_eq!(booked.len(), 1);
    assert!(booked[0].contains("New appointment") && booked[0].contains("Test Patient"));
    assert!(booked[0].contains("Recurring migraines") && booked[0].contains("09:00"));
    assert!(!booked[0].contains("Asthma"), "never the medical history");

    let page = app
        .page_with(
            &admin,
            &format!("/admin/appointments/{id}/move?date={}", day(6)),
        )
        .await;
    let token = csrf_from(&page);
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/appointments/{id}/move"),
            &[
                ("starts_at", &at(6, "10:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.eventually(&format!("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%doctor-appointment-{id}-moved%'"), 1).await;
    assert!(doctor_mails(&app)
        .iter()
        .any(|m| m.contains("Appointment moved")));

    let token = csrf_from(&app.page_with(&patient, &url).await);
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
    app.eventually(&format!("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%doctor-appointment-{id}-cancelled%'"), 1).await;
    let mails = doctor_mails(&app);
    assert_eq!(mails.len(), 3, "booked, moved, cancelled");
    assert!(mails.iter().any(|m| m.contains("Appointment cancelled")));
}

#[tokio::test]
async fn without_a_linked_account_the_doctors_mail_is_skipped() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(5, "09:00"), "Recurring migraines")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.eventually("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_doctor_booked' AND state = 'done'", 1).await;
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%doctor-appointment-%'"
        ),
        0
    );
}

#[tokio::test]
async fn staff_move_inside_the_cancellation_notice_the_patient_could_not() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = round_the_clock_doctor(&app, &admin).await;
    let patient = app.patient(1).await;
    let soon = slot_inside_the_notice();
    let first = rfc3339(
        soon.checked_add(jiff::SignedDuration::from_hours(3))
            .unwrap(),
    );
    let later = rfc3339(
        soon.checked_add(jiff::SignedDuration::from_hours(4))
            .unwrap(),
    );
    let response = app
        .book_with(&patient, doctor, &first, "Sudden fever")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let url = location(&response);
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();

    let token = csrf_from(&app.page_with(&patient, &url).await);
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/reschedule"),
            &[
                ("starts_at", &later),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "inside the 24 hours"
    );

    let page = app
        .page_with(
            &admin,
            &format!("/admin/appointments/{id}/move?date={}", &later[..10]),
        )
        .await;
    let token = csrf_from(&page);
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/appointments/{id}/move"),
            &[
                ("starts_at", &later),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "staff may");
    let moved_to = later.parse::<jiff::Timestamp>().unwrap().as_second();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND starts_at = {moved_to}"
        )),
        1
    );
}
