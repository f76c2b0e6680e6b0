//! What admins must hear of: a job that dies and a payment flagged each
//! enqueue one alert in the same write (never an alert about an alert); the
//! audit log stays append-only and is searched by actor, patient and action.

use crate::fixtures::{booked, booking, doctor, now, patients};
use crate::payment_fixtures::{count, held_with_checkout};
use crate::support::{at, test_db};
use consulta_domain::model::{AccountRef, Email, JobId, JobOutcome, PersonName, Phone, StaffId};
use consulta_domain::ports::{AuditEntry, AuditQuery, ContactEdit};
use diesel::RunQueryDsl;
use jiff::SignedDuration;

const ALERTS: &str = "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_admin_alert'";

#[tokio::test]
async fn a_job_that_dies_enqueues_one_admin_alert_and_an_alert_that_dies_enqueues_none() {
    let t = test_db();
    let d = doctor(&t, "Dr Alert").await;
    let p = patients(&t, 1).await[0];
    t.ports
        .booking
        .book(booking(p, d, "2026-06-02T03:00:00Z", 30))
        .await
        .unwrap();
    let job = t
        .ports
        .outbox
        .claim(now(), SignedDuration::from_secs(60), 1)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let dead = JobOutcome::Dead {
        reason: "550 mailbox unavailable".into(),
    };
    t.ports
        .outbox
        .finish(vec![(job.id, dead.clone())], now())
        .await
        .unwrap();
    assert_eq!(count(&t, ALERTS), 1, "one alert for the death");
    assert_eq!(
        count(
            &t,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_admin_alert' \
                 AND payload = 'job {}' AND state = 'pending'",
                job.id
            )
        ),
        1,
        "the alert names the job"
    );
    // The same outcome recorded again (a lost lease) changes nothing.
    t.ports
        .outbox
        .finish(vec![(job.id, dead.clone())], now())
        .await
        .unwrap();
    assert_eq!(count(&t, ALERTS), 1);

    let alert = JobId::new(count(
        &t,
        "SELECT id AS n FROM outbox_jobs WHERE kind = 'send_admin_alert'",
    ));
    t.ports
        .outbox
        .finish(vec![(alert, dead)], now())
        .await
        .unwrap();
    assert_eq!(count(&t, ALERTS), 1, "an alert's death alerts no one");
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_admin_alert' AND state = 'dead'"
        ),
        1
    );
}

#[tokio::test]
async fn flagging_a_payment_enqueues_one_alert_per_reason_in_the_same_write() {
    let t = test_db();
    let d = doctor(&t, "Dr Pay").await;
    let p = patients(&t, 1).await[0];
    let (_, payment) = held_with_checkout(&t, p, d, "2026-06-02T03:00:00Z").await;
    t.ports
        .payments
        .flag_payment(payment, "not settled after 30 minutes", now())
        .await
        .unwrap();
    assert_eq!(
        count(
            &t,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_admin_alert' \
                 AND payload = 'payment {payment}'"
            )
        ),
        1
    );
    // Reconciliation finding it unsettled again does not mail admins again.
    t.ports
        .payments
        .flag_payment(
            payment,
            "not settled after 30 minutes",
            now() + SignedDuration::from_mins(5),
        )
        .await
        .unwrap();
    assert_eq!(count(&t, ALERTS), 1);
    t.ports
        .payments
        .flag_payment(
            payment,
            "paid 100.00, asked 1500.00",
            now() + SignedDuration::from_mins(6),
        )
        .await
        .unwrap();
    assert_eq!(count(&t, ALERTS), 2, "a new reason is news");

    // A failed write writes no alert either.
    let missing = consulta_domain::model::PaymentId::new(999);
    assert!(t
        .ports
        .payments
        .flag_payment(missing, "x", now())
        .await
        .is_err());
    assert_eq!(count(&t, ALERTS), 2);
}

#[tokio::test]
async fn the_audit_log_refuses_every_update_and_delete() {
    let t = test_db();
    t.ports
        .audit
        .record(AuditEntry {
            at: now(),
            actor: None,
            action: "test.written".into(),
            subject: None,
            client: None,
        })
        .await
        .unwrap();
    for sql in [
        "UPDATE audit_log SET action = 'test.rewritten'",
        "DELETE FROM audit_log",
    ] {
        let result = diesel::sql_query(sql).execute(&mut t.raw());
        let error = result.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'test.written'"
        ),
        1
    );
}

#[tokio::test]
async fn the_audit_search_filters_by_actor_patient_action_and_time_newest_first() {
    let t = test_db();
    let d = doctor(&t, "Dr Audit").await;
    let ps = patients(&t, 2).await;
    let (a, b) = (ps[0], ps[1]);
    let appointment = booked(
        t.ports
            .booking
            .book(booking(a, d, "2026-06-02T03:00:00Z", 30))
            .await
            .unwrap(),
    );
    let admin = StaffId::new(7);
    let edit = |name: &str, email: &str| ContactEdit {
        name: PersonName::parse(name).unwrap(),
        email: Email::parse(email).unwrap(),
        phone: Phone::parse("+8801711000000").unwrap(),
        timezone: None,
    };
    t.ports
        .patient_admin
        .edit_patient_contact(
            a,
            edit("A One", "a1@example.com"),
            admin,
            at("2026-05-01T10:00:00Z"),
        )
        .await
        .unwrap();
    t.ports
        .patient_admin
        .edit_patient_contact(
            b,
            edit("B Two", "b2@example.com"),
            admin,
            at("2026-05-02T10:00:00Z"),
        )
        .await
        .unwrap();
    t.ports
        .audit
        .record(AuditEntry {
            at: at("2026-05-03T10:00:00Z"),
            actor: Some(AccountRef::Patient(a)),
            action: "appointment.cancelled".into(),
            subject: Some(format!("appointment:{appointment}")),
            client: None,
        })
        .await
        .unwrap();
    let search = |q: AuditQuery| {
        let s = t.ports.audit_search.clone();
        async move { s.search_audit(&q, 10, 0).await.unwrap() }
    };

    let all = search(AuditQuery::default()).await;
    assert_eq!(all.total, 3);
    let actions: Vec<_> = all
        .records
        .iter()
        .map(|r| r.entry.action.as_str())
        .collect();
    assert_eq!(
        actions,
        ["appointment.cancelled", "patient.edited", "patient.edited"],
        "newest first"
    );
    let of_a = search(AuditQuery {
        patient: Some(a),
        ..AuditQuery::default()
    })
    .await;
    assert_eq!(of_a.total, 2, "their record and their appointment");
    let by_admin = search(AuditQuery {
        actor: Some(AccountRef::Staff(admin)),
        ..AuditQuery::default()
    })
    .await;
    assert_eq!(by_admin.total, 2);
    let on_the_second = search(AuditQuery {
        from: Some(at("2026-05-02T00:00:00Z")),
        until: Some(at("2026-05-03T00:00:00Z")),
        action: Some("patient.edited".into()),
        ..AuditQuery::default()
    })
    .await;
    assert_eq!(on_the_second.total, 1);
    assert_eq!(
        on_the_second.records[0].entry.subject.as_deref(),
        Some(format!("patient:{b}").as_str())
    );
    let page_two = t
        .ports
        .audit_search
        .search_audit(&AuditQuery::default(), 2, 2)
        .await
        .unwrap();
    assert_eq!((page_two.records.len(), page_two.total), (1, 3));
}
