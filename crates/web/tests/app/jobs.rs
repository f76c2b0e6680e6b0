//! The job system under a test clock: a meeting provider down for a day never
//! costs a patient their confirmation, holds run out on time, the same effect
//! is one job, and expired sessions are pruned.

use crate::helpers::*;
use async_trait::async_trait;
use consulta_domain::ports::{Meeting, MeetingError, MeetingProvider, MeetingRequest};
use consulta_zoom::JitsiMeetings;
use jiff::SignedDuration;
use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Jitsi behind a switch: while down, every call is a timeout.
struct FlakyMeetings {
    inner: JitsiMeetings,
    down: AtomicBool,
    calls: AtomicUsize,
    created: AtomicUsize,
}

impl FlakyMeetings {
    fn down() -> Arc<Self> {
        Arc::new(Self {
            inner: JitsiMeetings::new("https://meet.example".into(), [3; 32]),
            down: AtomicBool::new(true),
            calls: AtomicUsize::new(0),
            created: AtomicUsize::new(0),
        })
    }

    fn fault(&self) -> Result<(), MeetingError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(MeetingError::temporary("timed out after 15 s"));
        }
        Ok(())
    }
}

#[async_trait]
impl MeetingProvider for FlakyMeetings {
    async fn create_meeting(&self, request: &MeetingRequest) -> Result<Meeting, MeetingError> {
        self.fault()?;
        self.created.fetch_add(1, Ordering::SeqCst);
        self.inner.create_meeting(request).await
    }

    async fn update_meeting(&self, id: &str, request: &MeetingRequest) -> Result<(), MeetingError> {
        self.fault()?;
        self.inner.update_meeting(id, request).await
    }

    async fn delete_meeting(&self, id: &str) -> Result<(), MeetingError> {
        self.fault()?;
        self.inner.delete_meeting(id).await
    }

    async fn start_url(&self, id: &str) -> Result<String, MeetingError> {
        self.fault()?;
        self.inner.start_url(id).await
    }
}

/// The text part of each appointment mail in the outbox, decoded.
fn mail_texts(app: &TestApp) -> Vec<String> {
    app.appointment_mails()
        .iter()
        .map(|raw| {
            let message = mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap();
            format!(
                "Subject: {}\n{}",
                message.subject().unwrap_or_default(),
                message.body_text(0).unwrap_or_default()
            )
        })
        .collect()
}

#[tokio::test]
async fn a_meeting_provider_down_for_a_day_still_confirms_in_time_and_the_link_follows() {
    let clock = TestClock::new();
    let meetings = FlakyMeetings::down();
    let app = spawn_app_using(
        TRUSTED_PROXY,
        consulta_web::Adapters {
            meetings: Some(meetings.clone()),
            ..test_adapters(&clock)
        },
    )
    .await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(
            &patient,
            doctor,
            &at(3, "09:00"),
            "Booking during an outage",
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "booking never waits"
    );
    app.settle(clock.now()).await;
    assert!(
        app.appointment_mails().is_empty(),
        "the confirmation waits for its link first"
    );

    // Within the grace (300 s), the confirmation goes out saying the link will follow.
    app.pass(
        &clock,
        SignedDuration::from_secs(301),
        SignedDuration::from_secs(60),
    )
    .await;
    let texts = mail_texts(&app);
    assert_eq!(texts.len(), 1, "one confirmation: {texts:#?}");
    assert!(texts[0].contains("is confirmed"), "{}", texts[0]);
    assert!(
        texts[0].contains("video link will follow"),
        "it says the link will follow: {}",
        texts[0]
    );

    // A day of outage: the meeting job keeps retrying, never dead.
    app.pass(
        &clock,
        SignedDuration::from_hours(24),
        SignedDuration::from_mins(30),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'create_meeting' AND state = 'pending' AND attempts >= 20"),
        1,
        "the meeting job is retrying"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE state = 'dead'"),
        0
    );
    // A day later the admin's session has ended; staff log in to look.
    drop(admin);
    let admin = app.admin_client("staff@example.com").await;
    let jobs = app.page_with(&admin, "/admin/jobs").await;
    assert!(jobs.contains("retrying") && jobs.contains("timed out after 15 s"));
    let tries = meetings.calls.load(Ordering::SeqCst);
    assert!(
        (20..=200).contains(&tries),
        "backoff capped at 15 minutes, no hammering: {tries} calls in a day"
    );

    // The provider is back: the next retry makes the meeting and the link is mailed.
    meetings.down.store(false, Ordering::SeqCst);
    app.pass(
        &clock,
        SignedDuration::from_mins(16),
        SignedDuration::from_mins(4),
    )
    .await;
    assert_eq!(meetings.created.load(Ordering::SeqCst), 1, "one meeting");
    let texts = mail_texts(&app);
    assert_eq!(
        texts.len(),
        2,
        "the confirmation, then the link: {texts:#?}"
    );
    let link_mail = texts
        .iter()
        .find(|t| t.contains("video link for the consultation"))
        .expect("a mail of its own for the link");
    assert!(
        link_mail.contains("https://meet.example/Consulta-"),
        "{link_mail}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE state <> 'done' AND kind NOT IN ('prune_sessions', 'sweep_payments', 'send_reminder')"),
        0,
        "nothing left to do"
    );
}

#[tokio::test]
async fn with_the_provider_up_the_confirmation_carries_the_link_without_waiting_the_grace() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "A quick confirmation")
        .await;
    // The clock does not move: the meeting job brings the confirmation forward.
    app.settle(clock.now()).await;
    let texts = mail_texts(&app);
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(texts[0].contains("meet.jit.si/Consulta-"), "{}", texts[0]);
    assert!(!texts[0].contains("will follow"));
}

#[tokio::test]
async fn a_hold_runs_out_on_the_clock_and_its_slot_is_offered_again() {
    let clock = TestClock::new();
    let app = spawn_app_using(
        &format!("{TRUSTED_PROXY}payments.policy = \"before\"\n"),
        test_adapters(&clock),
    )
    .await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "11:00"), "Held while paying")
        .await;
    app.pass(
        &clock,
        SignedDuration::from_mins(14),
        SignedDuration::from_mins(7),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'pending_payment'"),
        1,
        "still held before hold_minutes (15) have passed"
    );
    app.pass(
        &clock,
        SignedDuration::from_mins(2),
        SignedDuration::from_mins(1),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'expired'"),
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointment_history WHERE new_status = 'expired' AND by_kind = 'system' AND note = 'The hold ran out before payment.'"),
        1,
        "the state machine's own transition, by the system"
    );
    let slots = app
        .page(&format!("/book?doctor_id={doctor}&date={}", day(3)))
        .await;
    assert!(
        slots.contains(&encode(&at(3, "11:00"))),
        "the slot is offered again"
    );
}

#[tokio::test]
async fn expired_sessions_are_pruned_every_hour_and_live_ones_kept() {
    let clock = TestClock::new();
    let app = spawn_app_using(TRUSTED_PROXY, test_adapters(&clock)).await;
    let patient = app.patient(1).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions"), 1);
    // Idle past sessions.idle_minutes (30): the next hourly run deletes it.
    app.pass(
        &clock,
        SignedDuration::from_mins(61),
        SignedDuration::from_mins(20),
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions"), 0, "pruned");
    let response = app.get_with(&patient, "/dashboard").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "logged out");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'prune_sessions' AND state = 'pending'"),
        1,
        "the next run is planned, once"
    );
    let fresh = app.patient(2).await;
    app.pass(
        &clock,
        SignedDuration::from_mins(20),
        SignedDuration::from_mins(10),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM sessions"),
        1,
        "a live session stays"
    );
    drop(fresh);
}

/// A mail server that refuses everything for good until told otherwise.
struct BouncingMailer {
    refusing: AtomicBool,
    sent: std::sync::Mutex<Vec<String>>,
}

#[async_trait]
impl consulta_domain::ports::Mailer for BouncingMailer {
    async fn send(
        &self,
        mail: &consulta_domain::ports::OutgoingMail,
    ) -> Result<(), consulta_domain::ports::MailError> {
        if self.refusing.load(Ordering::SeqCst) {
            return Err(consulta_domain::ports::MailError::Permanent(
                "550 5.1.1 mailbox unavailable".into(),
            ));
        }
        self.sent.lock().unwrap().push(mail.subject.clone());
        Ok(())
    }
}

#[tokio::test]
async fn staff_run_a_dead_job_again_or_cancel_a_waiting_one_and_both_are_audited() {
    let clock = TestClock::new();
    let mailer = Arc::new(BouncingMailer {
        refusing: AtomicBool::new(true),
        sent: std::sync::Mutex::new(Vec::new()),
    });
    let app = spawn_app_using(
        TRUSTED_PROXY,
        consulta_web::Adapters {
            mailer: Some(mailer.clone()),
            ..test_adapters(&clock)
        },
    )
    .await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "A mail that bounces")
        .await;
    app.settle(clock.now()).await;
    let dead = app.count(
        "SELECT id AS n FROM outbox_jobs WHERE state = 'dead' AND kind = 'send_confirmation'",
    );
    let page = app.page_with(&admin, "/admin/jobs").await;
    assert!(page.contains("mailbox unavailable") && page.contains("Run again"));

    // The address is fixed; staff run the confirmation again and it goes out.
    mailer.refusing.store(false, Ordering::SeqCst);
    let token = csrf_from(&page);
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/jobs/{dead}/retry"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.settle(clock.now()).await;
    assert_eq!(mailer.sent.lock().unwrap().len(), 1, "sent once");
    let page = app.page_with(&admin, "/admin/jobs").await;
    let done = &page[page.find("Done lately").unwrap()..];
    assert!(
        done.contains("Confirmation mail") && !done.contains("Cancel</button>"),
        "staff see it sent"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE id = {dead} AND state = 'done'"
        )),
        1
    );
    let again = app
        .post_raw(
            &admin,
            &format!("/admin/jobs/{dead}/retry"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "a done job never runs again"
    );

    // A waiting reminder: cancelling asks first, then it never runs.
    let reminder = app.count(
        "SELECT MIN(id) AS n FROM outbox_jobs WHERE kind = 'send_reminder' AND state = 'pending'",
    );
    let ask = app
        .post_raw(
            &admin,
            &format!("/admin/jobs/{reminder}/cancel"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(ask.status(), StatusCode::OK);
    assert!(ask.text().await.unwrap().contains("Cancel this job?"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE id = {reminder} AND state = 'pending'"
        )),
        1,
        "nothing changed yet"
    );
    let response = app
        .post_raw(
            &admin,
            &format!("/admin/jobs/{reminder}/cancel"),
            &[("csrf_token", &token), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let missing = app
        .post_raw(
            &admin,
            "/admin/jobs/999999/retry",
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    app.pass(
        &clock,
        SignedDuration::from_hours(72),
        SignedDuration::from_hours(6),
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE id = {reminder} AND state = 'cancelled'"
        )),
        1
    );
    assert_eq!(
        mailer
            .sent
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.starts_with("Reminder"))
            .count(),
        1,
        "the other reminder only"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('job.retried', 'job.cancelled')"
        ),
        2
    );
}
