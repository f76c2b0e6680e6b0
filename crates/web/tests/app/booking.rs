//! Finding slots, booking, double submits, races, holds and bad input.

use crate::helpers::*;
use reqwest::StatusCode;

async fn app_with_doctor(extra: &str) -> (TestApp, reqwest::Client, i64) {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}{extra}")).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app.create_doctor(&admin, &NewDoctor::default()).await;
    (app, admin, doctor)
}

#[tokio::test]
async fn a_patient_picks_a_slot_logs_in_on_the_way_and_books_it() {
    let (app, _admin, doctor) = app_with_doctor("").await;
    let patient = app.patient(1).await;
    app.logout_with(&patient).await;

    // Anonymous: the day's slots are public.
    let page = app
        .page_with(
            &patient,
            &format!("/book?doctor_id={doctor}&date={}", day(3)),
        )
        .await;
    let starts_at = at(3, "08:30");
    assert!(
        page.contains(&format!("starts_at={}", encode(&starts_at))),
        "08:30 is offered"
    );

    // Choosing it sends an anonymous patient to log in, then back to the review page.
    let review_path = format!("/book?doctor_id={doctor}&starts_at={}", encode(&starts_at));
    let response = app.get_with(&patient, &review_path).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let login_url = location(&response);
    assert!(login_url.starts_with("/login?next="), "{login_url}");
    let token = csrf_from(&app.page_with(&patient, &login_url).await);
    let response = app
        .post_raw(
            &patient,
            "/login",
            &[
                ("email", "patient1@example.com"),
                ("password", PASSWORD),
                ("next", &review_path),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(location(&response), review_path, "back to the slot chosen");

    let review = app.page_with(&patient, &review_path).await;
    assert!(
        review.contains("Review your booking")
            && review.contains("1,500.00 BDT")
            && review.contains("08:30")
    );
    assert!(
        review.contains("Free up to 24 hours before the start"),
        "the cancellation policy is repeated"
    );

    let response = app
        .book_with(
            &patient,
            doctor,
            &starts_at,
            "Persistent cough for two weeks",
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let appointment_url = location(&response);
    let page = app.page_with(&patient, &appointment_url).await;
    assert!(page.contains("Confirmed") && page.contains("Persistent cough for two weeks"));

    // The seed columns are filled, in the doctor's local time, with the fee from the server.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE doctor_name = 'Dr. Test Doctor' AND appointment_date = '{}' \
             AND appointment_time = '08:30' AND status = 'confirmed' AND payment_status = 'unpaid' AND amount = 150000 \
             AND reason = 'Persistent cough for two weeks' AND ends_at - starts_at = 1800",
            day(3)
        )),
        1
    );

    // The worker creates the Jitsi room and writes the confirmation mail with it and an invite.
    app.eventually("SELECT COUNT(*) AS n FROM appointments WHERE zoom_link LIKE 'https://meet.jit.si/Consulta-%'", 1).await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%appointment-%'",
        1,
    )
    .await;
    let mails = app.appointment_mails();
    assert_eq!(mails.len(), 1, "one mail about the appointment");
    let mail = &mails[0];
    assert!(mail.contains("patient1@example.com"));
    assert!(
        mail.contains("meet.jit.si/Consulta-"),
        "the mail carries the video link"
    );
    assert!(
        mail.contains("BEGIN:VCALENDAR") || mail.contains("text/calendar"),
        "with an invite"
    );
    let page = app.page_with(&patient, &appointment_url).await;
    assert!(
        page.contains("meet.jit.si&#x2f;Consulta-"),
        "the link shows on the appointment page (slashes escaped)"
    );
    let dashboard = app.page_with(&patient, "/dashboard").await;
    assert!(dashboard.contains("Dr. Test Doctor") && dashboard.contains("Join video call"));
    assert!(!dashboard.contains("No appointments yet"));
}

#[tokio::test]
async fn a_double_submit_returns_the_booking_already_made() {
    let (app, _admin, doctor) = app_with_doctor("").await;
    let patient = app.patient(1).await;
    let first = app
        .book_with(&patient, doctor, &at(2, "09:00"), "Follow-up on blood test")
        .await;
    let second = app
        .book_with(&patient, doctor, &at(2, "09:00"), "Follow-up on blood test")
        .await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&first), location(&second));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_patients_racing_for_one_slot_get_exactly_one_booking() {
    let (app, _admin, doctor) = app_with_doctor("").await;
    let mut patients = Vec::new();
    for n in 0..50 {
        patients.push(app.patient(n).await);
    }
    let starts_at = at(4, "10:00");
    // Each patient has the review page open with its token, then all confirm at once.
    let mut tokens = Vec::new();
    for client in &patients {
        let review = format!("/book?doctor_id={doctor}&starts_at={}", encode(&starts_at));
        tokens.push(csrf_from(&app.page_with(client, &review).await));
    }
    let url = app.url("/appointments");
    let mut tasks = tokio::task::JoinSet::new();
    for (client, token) in patients.into_iter().zip(tokens) {
        let url = url.clone();
        let starts_at = starts_at.clone();
        tasks.spawn(async move {
            let response = client
                .post(url)
                .form(&[
                    ("doctor_id", doctor.to_string()),
                    ("starts_at", starts_at),
                    ("reason", "Racing for the slot".into()),
                    ("csrf_token", token),
                ])
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.text().await.unwrap())
        });
    }
    let mut booked = 0;
    let mut taken = 0;
    while let Some(result) = tasks.join_next().await {
        let (status, body) = result.unwrap();
        assert!(!status.is_server_error(), "no 5xx: {status}");
        match status {
            StatusCode::SEE_OTHER => booked += 1,
            StatusCode::CONFLICT => {
                taken += 1;
                assert!(body.contains("This slot was just taken"), "a clear page");
                assert!(
                    body.contains(&encode(&at(4, "10:30"))),
                    "listing nearby free slots"
                );
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((booked, taken), (1, 49));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 1);
    let log = logs();
    assert!(log.contains("served"), "the log is captured");
    assert!(
        !log.to_lowercase().contains("database is locked"),
        "no lock errors anywhere in the log"
    );
}

#[tokio::test]
async fn times_that_are_not_offered_are_refused_with_a_reason_and_nothing_is_written() {
    let (app, admin, doctor) = app_with_doctor("").await;
    let patient = app.patient(1).await;
    let cases = [
        (
            at(-1, "09:00"),
            "This time has already passed.",
            "in the past",
        ),
        (
            at(2, "09:10"),
            "Consultations start at fixed times",
            "misaligned",
        ),
        (
            at(2, "12:00"),
            "The doctor does not see patients at this time.",
            "in the lunch break",
        ),
        (
            at(2, "20:00"),
            "The doctor does not see patients at this time.",
            "after hours",
        ),
        (
            at(90, "09:00"),
            "at most 60 days ahead",
            "beyond the horizon",
        ),
    ];
    for (starts_at, message, why) in cases {
        let response = app
            .book_with(&patient, doctor, &starts_at, "A perfectly good reason")
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{why}: says {message:?}"
        );
    }
    // Time off.
    let response = app
        .submit_with(
            &admin,
            &format!("/admin/doctors/{doctor}"),
            &format!("/admin/doctors/{doctor}/time-off"),
            &[
                ("start", &day(5)),
                ("end", &day(5)),
                ("reason", "Conference"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = app
        .book_with(&patient, doctor, &at(5, "09:00"), "A perfectly good reason")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("The doctor is away at this time."));

    // Bad reasons keep the review page with the message and the text typed.
    for (reason, message) in [
        ("", "at least 5 characters"),
        ("flu", "at least 5 characters"),
    ] {
        let response = app
            .book_with(&patient, doctor, &at(2, "09:00"), reason)
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains(message));
    }
    let long = "x".repeat(1001);
    let response = app
        .book_with(&patient, doctor, &at(2, "09:00"), &long)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("at most 1000 characters"));

    // Unknown or inactive doctors, malformed times.
    let response = app
        .book_with(&patient, 999, &at(2, "09:00"), "A perfectly good reason")
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app
        .book_with(
            &patient,
            doctor,
            "tomorrow at nine",
            "A perfectly good reason",
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments"),
        0,
        "nothing written"
    );
}

#[tokio::test]
async fn a_patient_cannot_double_book_themselves_or_exceed_the_upcoming_limit() {
    let (app, admin, doctor) = app_with_doctor("booking.max_upcoming = 2\n").await;
    let other_doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Second",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = app.patient(1).await;
    assert_eq!(
        app.book_with(&patient, doctor, &at(2, "09:00"), "First appointment")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let response = app
        .book_with(
            &patient,
            other_doctor,
            &at(2, "09:00"),
            "Same time elsewhere",
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("You already have an appointment"));
    assert_eq!(
        app.book_with(
            &patient,
            other_doctor,
            &at(2, "10:00"),
            "Second appointment"
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let response = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Third appointment")
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("2 upcoming appointments"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 2);
}

#[tokio::test]
async fn a_fee_changed_between_review_and_confirm_books_nothing() {
    let (app, _admin, doctor) = app_with_doctor("").await;
    let patient = app.patient(1).await;
    let review = format!(
        "/book?doctor_id={doctor}&starts_at={}",
        encode(&at(2, "09:00"))
    );
    let token = csrf_from(&app.page_with(&patient, &review).await);
    let response = app
        .post_raw(
            &patient,
            "/appointments",
            &[
                ("doctor_id", &doctor.to_string()),
                ("starts_at", &at(2, "09:00")),
                ("reason", "Checking the fee"),
                ("fee_minor", "100000"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("The consultation fee is now 1,500.00 BDT"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM appointments"), 0);
}

#[tokio::test]
async fn the_slots_api_answers_json_and_refuses_malformed_dates() {
    let (app, _admin, doctor) = app_with_doctor("").await;
    let response = app
        .get(&format!(
            "/api/doctors/{doctor}/slots?from={}&to={}",
            day(2),
            day(2)
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let json: serde_json::Value = response.json().await.unwrap();
    let slots = json["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 16, "8 hours of 30-minute slots");
    assert_eq!(slots[0]["starts_at"], at(2, "08:00"));
    assert_eq!(slots[0]["local_time"], "08:00");
    assert_eq!(slots[0]["local_date"], day(2));
    for bad in [
        "from=2026-13-01&to=2026-13-02",
        "from=yesterday&to=today",
        "from=&to=",
        "from=2026-12-01&to=2027-02-01",
    ] {
        let response = app.get(&format!("/api/doctors/{doctor}/slots?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let json: serde_json::Value = response.json().await.unwrap();
        assert!(json["error"].as_str().is_some(), "{bad}: an error message");
    }
    assert_eq!(
        app.get(&format!(
            "/api/doctors/999/slots?from={}&to={}",
            day(2),
            day(2)
        ))
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn under_pay_before_a_hold_blocks_the_slot_until_it_runs_out() {
    let (app, _admin, doctor) = app_with_doctor("payments.policy = \"before\"\n").await;
    let first = app.patient(1).await;
    let second = app.patient(2).await;
    let response = app
        .book_with(&first, doctor, &at(3, "11:00"), "Held while paying")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let pay = location(&response);
    assert!(
        pay.ends_with("/pay"),
        "booking leads to the pay page: {pay}"
    );
    let page = app.page_with(&first, &pay).await;
    assert!(page.contains("This time is held for you until"));
    let shown = app.page_with(&first, pay.trim_end_matches("/pay")).await;
    assert!(shown.contains("Awaiting payment") && shown.contains("Held until"));
    assert_eq!(
        app.book_with(&second, doctor, &at(3, "11:00"), "Wants the same slot")
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The hold runs out: the booking transaction releases it for the next patient.
    app.execute("UPDATE appointments SET hold_until = strftime('%s','now') - 1");
    assert_eq!(
        app.book_with(&second, doctor, &at(3, "11:00"), "Wants the same slot")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'expired'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_patient_booking_two_doctors_at_once_gets_only_one() {
    let (app, admin, first) = app_with_doctor("").await;
    let second = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Second",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = app.patient(1).await;
    let starts_at = at(3, "15:00");
    let token = csrf_from(&app.page_with(&patient, "/dashboard").await);
    let mut tasks = tokio::task::JoinSet::new();
    for doctor in [first, second, first, second] {
        let (client, url, token, starts_at) = (
            patient.clone(),
            app.url("/appointments"),
            token.clone(),
            starts_at.clone(),
        );
        tasks.spawn(async move {
            client
                .post(url)
                .form(&[
                    ("doctor_id", doctor.to_string()),
                    ("starts_at", starts_at),
                    ("reason", "Two places at once".into()),
                    ("csrf_token", token),
                ])
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = tasks.join_next().await {
        let status = status.unwrap();
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1,
        "never both"
    );
}

#[tokio::test]
async fn times_show_the_doctors_zone_and_the_patients_own_when_they_differ() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                timezone: "Asia/Dhaka",
                hours: "09:00-13:00",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = app.patient(1).await;
    app.submit_with(
        &patient,
        "/profile",
        "/profile",
        &[
            ("name", "Test Patient"),
            ("phone", "+12125550199"),
            ("medical_history", ""),
            ("timezone", "America/New_York"),
        ],
    )
    .await;
    // 09:00 in Dhaka (UTC+6) is the previous evening in New York (22:00 in winter, 23:00 in summer).
    let starts_at = format!("{}T09:00:00+06:00", day(10));
    let instant: jiff::Timestamp = starts_at.parse().unwrap();
    let new_york = instant
        .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .strftime("%H:%M")
        .to_string();
    let theirs = format!("{new_york} New York (previous day)");
    let review = app
        .page_with(
            &patient,
            &format!("/book?doctor_id={doctor}&starts_at={}", encode(&starts_at)),
        )
        .await;
    assert!(
        review.contains("09:00–09:30 Dhaka (UTC+06:00)"),
        "doctor's zone first"
    );
    assert!(
        review.contains(&format!("{theirs} your time")),
        "then the patient's own"
    );
    let slots = app
        .page_with(
            &patient,
            &format!("/book?doctor_id={doctor}&date={}", day(10)),
        )
        .await;
    assert!(slots.contains(&theirs), "the picker shows both too");
}
