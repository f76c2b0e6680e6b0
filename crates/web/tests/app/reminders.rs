//! Reminders on a test clock: each offset once, none for a cancelled
//! appointment, and after a move only for the new time.

use crate::helpers::*;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;

fn subjects(app: &TestApp) -> Vec<String> {
    app.mails()
        .iter()
        .map(|raw| {
            mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap()
                .subject()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn reminders(app: &TestApp) -> Vec<String> {
    subjects(app)
        .into_iter()
        .filter(|s| s.starts_with("Reminder"))
        .collect()
}

/// Passes the test clock up to `until`, in steps of at most `step`.
async fn pass_until(app: &TestApp, clock: &TestClock, until: Timestamp, step: SignedDuration) {
    let left = until.duration_since(clock.now());
    if left > SignedDuration::ZERO {
        app.pass(clock, left, step).await;
    }
}

fn instant(rfc3339: &str) -> Timestamp {
    rfc3339.parse().unwrap()
}

#[tokio::test]
async fn each_reminder_goes_out_once_at_its_offset() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let start = at(3, "09:00");
    let response = app
        .book_with(&patient, doctor, &start, "Reminder check")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let starts_at = instant(&start);
    let hour = SignedDuration::from_hours(1);

    pass_until(
        &app,
        &clock,
        starts_at - SignedDuration::from_hours(24) - SignedDuration::from_mins(1),
        hour * 6,
    )
    .await;
    assert!(reminders(&app).is_empty(), "nothing before its time");
    pass_until(
        &app,
        &clock,
        starts_at - SignedDuration::from_hours(23),
        SignedDuration::from_mins(30),
    )
    .await;
    assert_eq!(
        reminders(&app),
        vec!["Reminder: your consultation with Dr. Test Doctor in 24 hours"]
    );
    pass_until(
        &app,
        &clock,
        starts_at - SignedDuration::from_mins(50),
        SignedDuration::from_mins(30),
    )
    .await;
    pass_until(&app, &clock, starts_at + hour * 3, hour).await;
    let sent = reminders(&app);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent.iter().filter(|s| s.ends_with("in 1 hour")).count(), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%reminder%'"),
        2,
        "each recorded once"
    );
}

#[tokio::test]
async fn no_reminder_for_a_cancelled_appointment_and_a_moved_one_is_reminded_of_its_new_time() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let cancelled = location(
        &app.book_with(&patient, doctor, &at(3, "09:00"), "To be cancelled")
            .await,
    );
    let moved = location(
        &app.book_with(&patient, doctor, &at(4, "09:00"), "To be moved")
            .await,
    );
    let token = csrf_from(&app.page_with(&patient, &cancelled).await);
    let response = app
        .post_raw(
            &patient,
            &format!("{cancelled}/cancel"),
            &[
                ("reason", "Better"),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = app
        .post_raw(
            &patient,
            &format!("{moved}/reschedule"),
            &[
                ("starts_at", &at(4, "15:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    pass_until(
        &app,
        &clock,
        instant(&at(5, "00:00")),
        SignedDuration::from_mins(30),
    )
    .await;
    let texts: Vec<String> = app
        .mails()
        .iter()
        .map(|raw| {
            let message = mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap();
            format!(
                "{}\n{}",
                message.subject().unwrap_or_default(),
                message.body_text(0).unwrap_or_default()
            )
        })
        .filter(|t| t.starts_with("Reminder"))
        .collect();
    assert_eq!(
        texts.len(),
        2,
        "two reminders, both for the moved one: {texts:#?}"
    );
    for text in &texts {
        assert!(
            text.contains("To be moved") && text.contains("15:00"),
            "{text}"
        );
        assert!(!text.contains("To be cancelled"), "{text}");
    }
}

#[tokio::test]
async fn a_reminder_sent_before_a_restart_is_not_sent_again_after_it() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let start = at(3, "09:00");
    app.book_with(&patient, doctor, &start, "Restart and remind")
        .await;
    let starts_at = instant(&start);
    pass_until(
        &app,
        &clock,
        starts_at - SignedDuration::from_hours(23),
        SignedDuration::from_hours(6),
    )
    .await;
    assert_eq!(reminders(&app).len(), 1);

    // The same data, a new process: the clock goes on, nothing is repeated.
    let again = consulta_web::build_with(
        settings_for(app.dir.path(), TRUSTED_PROXY),
        test_adapters(&clock),
    )
    .await
    .unwrap();
    let server = tokio::spawn(again.run_until_stopped());
    pass_until(
        &app,
        &clock,
        starts_at - SignedDuration::from_hours(2),
        SignedDuration::from_hours(6),
    )
    .await;
    assert_eq!(reminders(&app).len(), 1, "the 24-hour reminder once");
    pass_until(&app, &clock, starts_at, SignedDuration::from_mins(30)).await;
    assert_eq!(reminders(&app).len(), 2);
    server.abort();
}
