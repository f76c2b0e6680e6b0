//! End to end through the real adapters: the worker makes the meeting at a
//! fake Zoom and mails through a real SMTP server; moves, cancellations and
//! provider faults reach both as a patient and a clinic would expect.

use crate::helpers::*;
use consulta_testkit::zoom_fake::{ZoomFake, ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, HOST};
use consulta_testkit::Sink;
use jiff::SignedDuration;
use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use wiremock::ResponseTemplate;

fn provider_settings(fake: &ZoomFake) -> String {
    format!(
        "{TRUSTED_PROXY}\
meetings.provider = \"zoom\"
zoom.api_base = \"{api}\"
zoom.oauth_base = \"{oauth}\"
zoom.account_id = \"{ACCOUNT_ID}\"
zoom.client_id = \"{CLIENT_ID}\"
zoom.client_secret = \"{CLIENT_SECRET}\"
zoom.user = \"{HOST}\"
mail.transport = \"smtp\"
mail.smtp.host = \"127.0.0.1\"
mail.smtp.port = {port}
mail.smtp.tls = \"none\"
mail.smtp.from = \"no-reply@clinic.example\"
mail.smtp.from_name = \"Consulta Test Clinic\"
",
        api = fake.api_base(),
        oauth = fake.server.uri(),
        port = Sink::get().port(),
    )
}

/// One mail as the SMTP server received it: subject, text, invite.
struct Received {
    subject: String,
    text: String,
    from: String,
    invite: String,
}

/// The mails about appointments the address received (not the welcome).
fn received(address: &str) -> Vec<Received> {
    Sink::get()
        .delivered_to(address)
        .iter()
        .filter(|delivered| {
            String::from_utf8_lossy(&delivered.raw).contains("Message-ID: <appointment-")
        })
        .map(|delivered| {
            let message = MessageParser::default().parse(&delivered.raw).unwrap();
            let invite = message
                .attachments()
                .find(|a| {
                    a.content_type()
                        .is_some_and(|t| t.ctype() == "text" && t.subtype() == Some("calendar"))
                })
                .map(|a| String::from_utf8_lossy(a.contents()).into_owned())
                .unwrap_or_default();
            let from = message
                .from()
                .and_then(|f| f.first())
                .map(|a| {
                    format!(
                        "{} <{}>",
                        a.name().unwrap_or_default(),
                        a.address().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            Received {
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
                from,
                invite,
            }
        })
        .collect()
}

/// The value of an unfolded iCalendar property, e.g. `SEQUENCE`, past its parameters.
fn ics(invite: &str, property: &str) -> Option<String> {
    let unfolded = invite.replace("\r\n ", "").replace("\n ", "");
    unfolded.lines().find_map(|line| {
        let rest = line.strip_prefix(property)?;
        if !(rest.starts_with(':') || rest.starts_with(';')) {
            return None;
        }
        // Parameters (`;CN=...`) come before the first colon.
        rest.split_once(':')
            .map(|(_, value)| value.trim().to_owned())
    })
}

#[tokio::test]
async fn a_booking_moved_and_cancelled_reaches_zoom_and_the_patients_mailbox() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let email = "e2e-journey@example.com";
    let patient = app.patient_as(1, email).await;
    let url = location(
        &app.book_with(&patient, doctor, &at(3, "09:00"), "Sore throat for a week")
            .await,
    );
    app.settle(clock.now()).await;

    let meetings = fake.meetings();
    assert_eq!(meetings.len(), 1, "one meeting at Zoom");
    let (meeting_id, meeting) = &meetings[0];
    let join_url = meeting["join_url"].as_str().unwrap().to_owned();
    let mails = received(email);
    assert_eq!(mails.len(), 1, "the confirmation");
    let confirmation = &mails[0];
    assert!(
        confirmation.subject.contains("is confirmed"),
        "{}",
        confirmation.subject
    );
    assert!(
        confirmation.text.contains(&join_url),
        "the join link: {}",
        confirmation.text
    );
    assert!(confirmation.text.contains("Passcode: "), "and its passcode");
    assert_eq!(
        confirmation.from,
        "Consulta Test Clinic <no-reply@clinic.example>"
    );
    assert_eq!(
        ics(&confirmation.invite, "METHOD").as_deref(),
        Some("REQUEST")
    );
    assert_eq!(ics(&confirmation.invite, "SEQUENCE").as_deref(), Some("0"));
    let uid = ics(&confirmation.invite, "UID").unwrap();
    assert!(
        ics(&confirmation.invite, "ORGANIZER")
            .unwrap()
            .contains("no-reply@clinic.example"),
        "the organizer is the From address"
    );
    let page = app.page_with(&patient, &url).await;
    assert!(
        page.contains("meeting-passcode"),
        "the patient sees the passcode on their page"
    );

    // Moved: one PATCH with the new time, and an invite that supersedes the first.
    let token = csrf_from(&page);
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/reschedule"),
            &[
                ("starts_at", &at(3, "11:00")),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.settle(clock.now()).await;
    let patches = fake
        .requests("PATCH", &format!("/v2/meetings/{meeting_id}"))
        .await;
    assert_eq!(patches.len(), 1, "one update at Zoom");
    let body: serde_json::Value = serde_json::from_slice(&patches[0].body).unwrap();
    assert!(
        body["start_time"].as_str().unwrap().ends_with("T11:00:00Z"),
        "{body}"
    );
    let mails = received(email);
    let moved = mails
        .iter()
        .find(|m| m.subject.contains("has moved"))
        .expect("the reschedule notice");
    assert!(
        moved.text.contains("09:00") && moved.text.contains("11:00"),
        "old and new time: {}",
        moved.text
    );
    assert_eq!(ics(&moved.invite, "UID"), Some(uid.clone()));
    assert_eq!(ics(&moved.invite, "SEQUENCE").as_deref(), Some("1"));

    // Cancelled: one DELETE, and METHOD:CANCEL with a higher sequence still.
    let response = app
        .post_raw(
            &patient,
            &format!("{url}/cancel"),
            &[
                ("reason", "Better now"),
                ("confirmed", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.settle(clock.now()).await;
    assert_eq!(
        fake.requests("DELETE", &format!("/v2/meetings/{meeting_id}"))
            .await
            .len(),
        1
    );
    assert!(fake.meetings().is_empty(), "no meeting left at Zoom");
    let mails = received(email);
    let cancelled = mails
        .iter()
        .find(|m| m.subject.contains("cancelled"))
        .expect("the cancellation notice");
    assert_eq!(ics(&cancelled.invite, "METHOD").as_deref(), Some("CANCEL"));
    assert_eq!(ics(&cancelled.invite, "UID"), Some(uid));
    assert_eq!(ics(&cancelled.invite, "SEQUENCE").as_deref(), Some("2"));
    assert!(
        cancelled
            .text
            .contains(&format!("/book?doctor_id={doctor}")),
        "book another time with that doctor"
    );
    assert_eq!(mails.len(), 3, "one mail per change, none twice");
}

#[tokio::test]
async fn provider_faults_are_retried_to_exactly_one_meeting_and_one_mail() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let email = "e2e-faults@example.com";
    let patient = app.patient_as(2, email).await;
    // The welcome mail goes out first, before the server starts refusing.
    app.settle(clock.now()).await;
    // Zoom answers 500 twice, then makes the meeting; the mail server
    // refuses the first two deliveries for now.
    for _ in 0..2 {
        fake.fail_next(
            "POST",
            "^/v2/users/.*/meetings$",
            ResponseTemplate::new(500),
        )
        .await;
    }
    Sink::get().refuse_data(email, 2, 451, "4.3.0 try again later");
    app.book_with(
        &patient,
        doctor,
        &at(3, "09:00"),
        "Booking while things fail",
    )
    .await;
    app.pass(
        &clock,
        SignedDuration::from_mins(3),
        SignedDuration::from_secs(10),
    )
    .await;
    assert_eq!(fake.meetings().len(), 1, "exactly one meeting");
    assert_eq!(
        fake.creates().await.len(),
        3,
        "two failures, then the one that made it"
    );
    let mails = received(email);
    assert_eq!(mails.len(), 1, "the mail arrived once the server took it");
    assert_eq!(
        Sink::get().attempts_for(email),
        4,
        "the welcome, two refused confirmations, the accepted one"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM sent_mails WHERE message_id LIKE '%confirmation%'"),
        1,
        "one send recorded"
    );
    assert!(mails[0]
        .text
        .contains(fake.meetings()[0].1["join_url"].as_str().unwrap()));
}

#[tokio::test]
async fn a_refusal_zoom_cannot_fix_is_dead_with_zooms_words_for_staff() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient_as(3, "e2e-refused@example.com").await;
    fake.fail_next(
        "POST",
        "^/v2/users/.*/meetings$",
        ResponseTemplate::new(400)
            .set_body_json(serde_json::json!({"code": 300, "message": "Validation Failed."})),
    )
    .await;
    let url = location(
        &app.book_with(&patient, doctor, &at(3, "09:00"), "A refused meeting")
            .await,
    );
    app.settle(clock.now()).await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'"),
        1,
        "the booking stands"
    );
    let jobs = app.page_with(&admin, "/admin/jobs").await;
    assert!(
        jobs.contains("Validation Failed."),
        "Zoom's own message for staff"
    );
    let id = url.rsplit('/').next().unwrap();
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{id}"))
        .await;
    assert!(page.contains("Validation Failed.") && page.contains("No meeting yet"));
}

#[tokio::test]
async fn start_meeting_fetches_the_hosts_link_fresh_for_staff_only() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient_as(4, "e2e-start@example.com").await;
    let url = location(
        &app.book_with(&patient, doctor, &at(3, "09:00"), "Starting the call")
            .await,
    );
    app.settle(clock.now()).await;
    let id = url.rsplit('/').next().unwrap().to_owned();
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{id}"))
        .await;
    assert!(page.contains("Start meeting"));
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/appointments/{id}/start"),
            &[("csrf_token", &csrf_from(&page))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let start = location(&response);
    assert!(start.contains("/s/"), "the host's start link: {start}");
    assert_eq!(
        fake.requests("GET", "/v2/meetings/*").await.len(),
        1,
        "fetched fresh"
    );
    let patient_page = app.page_with(&patient, &url).await;
    assert!(!patient_page.contains(&start), "never shown to the patient");
    assert!(!Sink::get()
        .delivered_to("e2e-start@example.com")
        .iter()
        .any(|d| String::from_utf8_lossy(&d.raw).contains("/s/")));
    let token = csrf_from(&patient_page);
    let refused = app
        .post_raw(
            &patient,
            &format!("/admin/appointments/{id}/start"),
            &[("csrf_token", &token)],
        )
        .await;
    assert!(
        refused.status() == StatusCode::FORBIDDEN || refused.status() == StatusCode::SEE_OTHER,
        "{}",
        refused.status()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'meeting.started'"),
        1,
        "audited"
    );
}

#[tokio::test]
async fn zoom_asking_to_wait_is_not_asked_again_sooner() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient_as(5, "e2e-429@example.com").await;
    fake.fail_next(
        "POST",
        "^/v2/users/.*/meetings$",
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "3600")
            .set_body_json(serde_json::json!({"code": 429, "message": "Too many requests."})),
    )
    .await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "Rate limited meeting")
        .await;
    app.settle(clock.now()).await;
    app.pass(
        &clock,
        SignedDuration::from_mins(59),
        SignedDuration::from_mins(5),
    )
    .await;
    assert_eq!(
        fake.creates().await.len(),
        1,
        "no retry before the hour Zoom asked for"
    );
    assert!(fake.meetings().is_empty());
    app.pass(
        &clock,
        SignedDuration::from_mins(3),
        SignedDuration::from_mins(1),
    )
    .await;
    assert_eq!(fake.creates().await.len(), 2);
    assert_eq!(fake.meetings().len(), 1, "made once Zoom was ready");
}

#[tokio::test]
async fn zoom_down_for_hours_still_confirms_in_time_and_mails_the_link_once_back() {
    let fake = ZoomFake::start().await;
    fake.set_down(true);
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let email = "e2e-outage@example.com";
    let patient = app.patient_as(6, email).await;
    app.book_with(
        &patient,
        doctor,
        &at(3, "09:00"),
        "Booked during a Zoom outage",
    )
    .await;
    app.settle(clock.now()).await;
    app.pass(
        &clock,
        SignedDuration::from_secs(301),
        SignedDuration::from_secs(60),
    )
    .await;
    let mails = received(email);
    assert_eq!(mails.len(), 1, "the confirmation within the grace");
    assert!(
        mails[0].text.contains("video link will follow"),
        "{}",
        mails[0].text
    );

    app.pass(
        &clock,
        SignedDuration::from_hours(6),
        SignedDuration::from_mins(15),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'create_meeting' AND state = 'pending' AND attempts > 5"),
        1,
        "still retrying, not dead"
    );
    fake.set_down(false);
    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(4),
    )
    .await;
    assert_eq!(fake.meetings().len(), 1, "one meeting once Zoom is back");
    let mails = received(email);
    let link = mails
        .iter()
        .find(|m| m.subject.contains("video link"))
        .expect("the link in a mail of its own");
    assert!(link
        .text
        .contains(fake.meetings()[0].1["join_url"].as_str().unwrap()));
    assert_eq!(
        ics(&link.invite, "SEQUENCE").as_deref(),
        Some("1"),
        "the invite again, with the link"
    );
    assert_eq!(mails.len(), 2);
}

#[tokio::test]
async fn a_mail_server_refusal_is_dead_with_its_answer_for_staff() {
    let fake = ZoomFake::start().await;
    let clock = TestClock::new();
    let app = spawn_app_using(&provider_settings(&fake), test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let email = "e2e-550@example.com";
    let patient = app.patient_as(7, email).await;
    app.settle(clock.now()).await;
    Sink::get().refuse_rcpt(email, 10, 550, "5.1.1 mailbox unavailable");
    let url = location(
        &app.book_with(&patient, doctor, &at(3, "09:00"), "A mailbox that bounces")
            .await,
    );
    app.settle(clock.now()).await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_confirmation' AND state = 'dead'"),
        1
    );
    assert!(received(email).is_empty());
    let id = url.rsplit('/').next().unwrap();
    let page = app
        .page_with(&admin, &format!("/admin/appointments/{id}"))
        .await;
    assert!(
        page.contains("failed") && page.contains("mailbox unavailable"),
        "the server's answer"
    );
}
