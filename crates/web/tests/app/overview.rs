//! The admin overview: "All well" on a quiet day; on a seeded one, each
//! count highlighted and linking to a list of exactly that many rows.

use crate::helpers::*;
use reqwest::Client;

/// The number shown beside the link marked `data-count="{name}"`, and its link.
fn count_of(page: &str, name: &str) -> (i64, String) {
    let marker = format!("data-count=\"{name}\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} count"));
    let before = &page[..at];
    let href_start = before.rfind("href=\"").unwrap() + "href=\"".len();
    let href = page[href_start..at]
        .trim_end()
        .trim_end_matches('"')
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    let rest = &page[at..];
    let pill = rest.find("rounded-pill\">").unwrap() + "rounded-pill\">".len();
    let digits: String = rest[pill..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.parse().unwrap(), href)
}

/// The rows of the list a count links to.
async fn rows_behind(app: &TestApp, admin: &Client, href: &str) -> usize {
    let page = app.page_with(admin, href).await;
    if href.starts_with("/admin/appointments") {
        page.matches("<tr><td><a href=\"/admin/appointments/")
            .count()
    } else if href.starts_with("/admin/jobs") {
        page.matches("data-job=\"").count()
    } else {
        page.matches("data-payment=\"").count()
    }
}

#[tokio::test]
async fn a_quiet_clinic_says_all_well() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let page = app.page_with(&admin, "/admin").await;
    assert!(page.contains("All well"));
    assert!(!page.contains("needs-attention"));
    for name in ["today", "holds", "payments", "deliveries", "dead"] {
        let (n, href) = count_of(&page, name);
        assert_eq!(n, 0, "{name}");
        assert_eq!(rows_behind(&app, &admin, &href).await, 0, "{name}: {href}");
    }
}

#[tokio::test]
async fn each_count_links_to_a_list_of_as_many_rows() {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}payments.policy = \"before\"\n")).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    for (n, time) in [(1, "09:00"), (2, "10:00"), (3, "11:00")] {
        let patient = app.patient(n).await;
        app.book_with(&patient, doctor, &at(2, time), "Checkup")
            .await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'pending_payment'"),
        3
    );
    // One of them today, noon in the clinic's zone; another already paid.
    let zone = jiff::tz::TimeZone::get("Asia/Dhaka").unwrap();
    let noon = jiff::Timestamp::now()
        .to_zoned(zone.clone())
        .date()
        .at(12, 0, 0, 0)
        .to_zoned(zone)
        .unwrap()
        .timestamp()
        .as_second();
    app.execute(&format!(
        "UPDATE appointments SET starts_at = {noon}, ends_at = {noon} + 1800 WHERE id = 1"
    ));
    app.execute("UPDATE appointments SET status = 'confirmed' WHERE id = 3");
    let now = jiff::Timestamp::now().as_second();
    // Flagged; pending two hours (past reconcile_after_minutes); pending a minute.
    for (appointment, status, age, flag) in [
        (1, "failed", 100, "'paid 100.00, asked 1500.00'"),
        (2, "pending", 7200, "NULL"),
        (3, "pending", 60, "NULL"),
    ] {
        app.execute(&format!(
            "INSERT INTO payments (appointment_id, amount, currency, payment_method, status, \
             created_at, updated_at, flagged_reason, provider_ref) \
             VALUES ({appointment}, 150000, 'BDT', 'stripe', '{status}', {t}, {t}, {flag}, 'cs_{appointment}')",
            t = now - age
        ));
    }
    // A dead mail, a retrying reminder, a dead hold expiry.
    for (kind, payload, state, attempts) in [
        ("send_confirmation", String::new(), "dead", 1),
        (
            "send_reminder",
            format!("reminder {} 1440", now + 86_400),
            "pending",
            2,
        ),
        ("expire_hold", String::new(), "dead", 1),
    ] {
        app.execute(&format!(
            "INSERT INTO outbox_jobs (kind, appointment_id, payload, state, attempts, run_at, \
             created_at, updated_at, last_error) VALUES ('{kind}', 2, '{payload}', '{state}', \
             {attempts}, {run_at}, {now}, {now}, 'refused')",
            run_at = now + 30 * 86_400
        ));
    }

    let page = app.page_with(&admin, "/admin").await;
    assert!(page.contains("needs-attention"), "highlighted");
    assert!(!page.contains("All well"));
    for (name, expected) in [
        ("today", 1),
        ("holds", 2),
        ("payments", 2),
        ("deliveries", 2),
        ("dead", 2),
    ] {
        let (n, href) = count_of(&page, name);
        assert_eq!(n, expected, "{name}");
        assert_eq!(
            rows_behind(&app, &admin, &href).await,
            expected as usize,
            "{name}: {href} lists as many"
        );
    }
    let attention = app.page_with(&admin, "/admin/payments?attention=1").await;
    assert!(attention.contains("paid 100.00, asked 1500.00"));
    assert_eq!(
        rows_behind(&app, &admin, "/admin/payments").await,
        3,
        "all payments without the filter"
    );
    assert_eq!(
        app.get_with(&admin, "/admin/payments?attention=yes")
            .await
            .status(),
        reqwest::StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get_with(&admin, "/admin/jobs?state=sleeping")
            .await
            .status(),
        reqwest::StatusCode::BAD_REQUEST
    );
}

/// Refuses for good every mail but those to the clinic's admins, and keeps
/// (recipient, subject, text) of those it sends.
struct PatientsBounce {
    admins: Vec<&'static str>,
    sent: std::sync::Mutex<Vec<(String, String, String)>>,
}

#[async_trait::async_trait]
impl consulta_domain::ports::Mailer for PatientsBounce {
    async fn send(
        &self,
        mail: &consulta_domain::ports::OutgoingMail,
    ) -> Result<(), consulta_domain::ports::MailError> {
        if !self.admins.contains(&mail.to_email.as_str()) {
            return Err(consulta_domain::ports::MailError::Permanent(
                "550 5.1.1 mailbox unavailable".into(),
            ));
        }
        self.sent.lock().unwrap().push((
            mail.to_email.clone(),
            mail.subject.clone(),
            mail.text.clone(),
        ));
        Ok(())
    }
}

#[tokio::test]
async fn every_admin_is_mailed_once_when_a_job_dies() {
    let clock = TestClock::new();
    let mailer = std::sync::Arc::new(PatientsBounce {
        admins: vec!["admin@example.com", "second@example.com"],
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
    app.admin_client("second@example.com").await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(3, "09:00"), "A mail that bounces")
        .await;
    app.settle(clock.now()).await;
    app.settle(clock.now()).await;

    let dead = app.count(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE state = 'dead' AND kind != 'send_admin_alert'",
    );
    assert!(dead >= 2, "the welcome and the confirmation died: {dead}");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_admin_alert' AND state = 'done'"),
        dead,
        "one alert per death, each sent"
    );
    let sent = mailer.sent.lock().unwrap().clone();
    for to in ["admin@example.com", "second@example.com"] {
        let about_confirmation: Vec<_> = sent
            .iter()
            .filter(|(rcpt, subject, _)| rcpt == to && subject.contains("Confirmation mail"))
            .collect();
        assert_eq!(
            about_confirmation.len(),
            1,
            "{to} hears of it once: {sent:?}"
        );
        let text = &about_confirmation[0].2;
        assert!(text.contains("failed for good") && text.contains("mailbox unavailable"));
        assert!(
            text.contains("/admin/jobs?state=dead"),
            "with the link: {text}"
        );
    }
    assert_eq!(sent.len() as i64, 2 * dead, "no alert about an alert");
    let page = app.page_with(&admin, "/admin/jobs?state=dead").await;
    assert_eq!(page.matches("data-job=\"").count() as i64, dead);
}
