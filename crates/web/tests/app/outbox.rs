//! Side effects through the outbox: a failing mail transport never loses or blocks a booking.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_failing_mailer_is_retried_shown_to_staff_and_recovers() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    // The outbox directory cannot be created: every mail fails for now.
    std::fs::write(app.dir.path().join("outbox"), b"not a directory").unwrap();

    let patient = app.patient(1).await;
    let response = app
        .book_with(
            &patient,
            doctor,
            &at(3, "09:00"),
            "Booking while mail is down",
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the booking does not wait for mail"
    );
    app.settle(clock.now()).await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_confirmation' AND state = 'pending' AND attempts >= 1 AND last_error IS NOT NULL"),
        1,
    );
    let jobs = app.page_with(&admin, "/admin/jobs").await;
    assert!(
        jobs.contains("send_confirmation"),
        "staff see the job waiting to retry"
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sent_mails"), 0);

    // The transport recovers; the retry, once its backoff has passed, sends the mail once.
    std::fs::remove_file(app.dir.path().join("outbox")).unwrap();
    app.pass(
        &clock,
        jiff::SignedDuration::from_mins(2),
        jiff::SignedDuration::from_secs(20),
    )
    .await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%appointment-%'",
        1,
    )
    .await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE state = 'done' AND kind IN ('create_meeting', 'send_confirmation')",
        2,
    )
    .await;
    let files = app.appointment_mails().len();
    assert_eq!(files, 1, "one mail, not one per attempt");
}

#[tokio::test]
async fn a_done_job_is_not_run_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let app = consulta_web::build(settings_for(dir.path(), TRUSTED_PROXY))
        .await
        .unwrap();
    let address = app.address();
    let server = tokio::spawn(app.run_until_stopped());
    let test = TestApp {
        address,
        dir,
        client: new_client(),
    };
    let admin = test.admin_client("admin@example.com").await;
    let doctor = test.create_doctor(&admin, &NewDoctor::default()).await;
    let patient = test.patient(1).await;
    test.book_with(&patient, doctor, &at(3, "09:00"), "Restart safety check")
        .await;
    test.eventually(
        "SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%appointment-%'",
        1,
    )
    .await;
    test.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE state = 'done' AND kind IN ('create_meeting', 'send_confirmation')",
        2,
    )
    .await;
    server.abort();
    let mail = std::fs::read_dir(test.dir.path().join("outbox"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let written = std::fs::metadata(&mail).unwrap().modified().unwrap();

    // Start again on the same data: nothing is re-sent.
    let again = consulta_web::build(settings_for(test.dir.path(), ""))
        .await
        .unwrap();
    let server = tokio::spawn(again.run_until_stopped());
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        std::fs::metadata(&mail).unwrap().modified().unwrap(),
        written,
        "the mail was not written again"
    );
    assert_eq!(
        test.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE state <> 'done' AND kind NOT IN ('prune_sessions', 'sweep_payments', 'send_reminder')"),
        0
    );
    server.abort();
}
