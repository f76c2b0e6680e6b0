//! Mailed links in the store: written with what needs them and the job that
//! mails them, spent in the transaction of what they do, and only while the
//! account keeps the address they were sent to.

use crate::fixtures::{booked, booking, doctor, now};
use crate::support::{email, hash, patient, test_db, TestDb};
use consulta_domain::model::{
    AccountRef, AccountTokenId, Dedupe, JobKind, JobPayload, JobState, NewAccountToken, NewJob,
    PaymentId, TokenPurpose,
};
use consulta_domain::ports::{NewSession, ResetRequest, StoreError};
use diesel::prelude::*;
use jiff::SignedDuration;

fn token(id: i64, purpose: TokenPurpose) -> NewAccountToken {
    NewAccountToken {
        id: AccountTokenId::new(id),
        purpose,
        token_hash: format!("hash-{id}"),
        expires_at: now() + SignedDuration::from_mins(60),
    }
}

fn mail(kind: JobKind, id: i64) -> NewJob {
    NewJob {
        kind,
        appointment: None,
        account: None,
        payload: JobPayload::Token { id },
        dedupe: Dedupe::Key(format!("token:{id}")),
        run_at: now(),
    }
}

fn count(t: &TestDb, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<N>(&mut t.raw())
        .unwrap()
        .n
}

async fn registered(t: &TestDb) -> AccountRef {
    let id = t
        .ports
        .tokens
        .register_patient(
            patient("Ayesha", "ayesha@example.com", ""),
            hash("old"),
            token(11, TokenPurpose::Verify),
            vec![mail(JobKind::SendWelcome, 11)],
            now(),
        )
        .await
        .unwrap();
    AccountRef::Patient(id)
}

#[tokio::test]
async fn registration_writes_the_patient_its_link_and_the_welcome_job_together() {
    let t = test_db();
    let account = registered(&t).await;
    let jobs = t.ports.outbox.jobs(JobState::Pending, 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].kind, JobKind::SendWelcome);
    assert_eq!(
        jobs[0].account,
        Some(account),
        "the job names the new patient"
    );
    let stored = t
        .ports
        .tokens
        .token_by_hash("hash-11")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.account, account);
    assert!(stored.still_addressed && stored.used_at.is_none());

    // A taken email writes none of the three.
    let again = t
        .ports
        .tokens
        .register_patient(
            patient("Other", "AYESHA@example.com", ""),
            hash("x"),
            token(12, TokenPurpose::Verify),
            vec![mail(JobKind::SendWelcome, 12)],
            now(),
        )
        .await;
    assert!(matches!(again, Err(StoreError::EmailTaken)), "{again:?}");
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM account_tokens"), 1);
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM outbox_jobs"), 1);
}

#[tokio::test]
async fn a_reset_request_writes_the_attempt_for_any_email_and_a_link_only_for_an_account() {
    let t = test_db();
    let account = registered(&t).await;
    let request = |email: &str| ResetRequest {
        email_key: email.into(),
        client: "10.0.0.1".into(),
        at: now(),
    };
    let tokens = &t.ports.tokens;
    tokens
        .request_reset(request("nobody@example.com"), None)
        .await
        .unwrap();
    let issue = (
        account,
        token(21, TokenPurpose::Reset),
        vec![mail(JobKind::SendPasswordReset, 21)],
    );
    tokens
        .request_reset(request("ayesha@example.com"), Some(issue))
        .await
        .unwrap();
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM auth_attempts WHERE kind = 'password_reset'"
        ),
        2
    );
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM account_tokens WHERE purpose = 'reset'"
        ),
        1
    );
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_password_reset'"
        ),
        1
    );
}

#[tokio::test]
async fn a_reset_sets_the_password_ends_every_session_and_spends_every_reset_link() {
    let t = test_db();
    let account = registered(&t).await;
    for n in 0..2 {
        t.ports
            .sessions
            .create_session(NewSession {
                token_hash: format!("session-{n}"),
                account,
                csrf_token: "c".into(),
                at: now(),
            })
            .await
            .unwrap();
    }
    let tokens = &t.ports.tokens;
    for id in [31, 32] {
        tokens
            .issue_token(account, token(id, TokenPurpose::Reset), vec![], now())
            .await
            .unwrap();
    }
    let done = tokens
        .reset_password("hash-31", hash("new"), now())
        .await
        .unwrap();
    assert_eq!(done, account);
    assert_eq!(
        t.ports.accounts.password_hash(account).await.unwrap(),
        hash("new")
    );
    assert_eq!(
        count(&t, "SELECT COUNT(*) AS n FROM sessions"),
        0,
        "every session ended"
    );
    let other = tokens.reset_password("hash-32", hash("later"), now()).await;
    assert!(
        matches!(other, Err(StoreError::NotFound)),
        "the other link is spent too"
    );
    let again = tokens.reset_password("hash-31", hash("again"), now()).await;
    assert!(
        matches!(again, Err(StoreError::NotFound)),
        "a used link does nothing"
    );
    let verify = tokens.reset_password("hash-11", hash("v"), now()).await;
    assert!(
        matches!(verify, Err(StoreError::NotFound)),
        "a verify link resets nothing"
    );
    assert_eq!(
        t.ports.accounts.password_hash(account).await.unwrap(),
        hash("new")
    );
}

#[tokio::test]
async fn an_expired_link_does_nothing_and_one_to_an_old_address_is_spent() {
    let t = test_db();
    let account = registered(&t).await;
    let AccountRef::Patient(id) = account else {
        unreachable!()
    };
    let tokens = &t.ports.tokens;
    let late = now() + SignedDuration::from_mins(61);
    let expired = tokens.verify_email("hash-11", late).await;
    assert!(matches!(expired, Err(StoreError::NotFound)), "{expired:?}");
    assert_eq!(tokens.email_verified_at(id).await.unwrap(), None);

    t.ports
        .accounts
        .change_email(account, email("new@example.com"))
        .await
        .unwrap();
    let stored = tokens
        .token(AccountTokenId::new(11))
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.still_addressed, "the link went to the old address");
    let old = tokens.verify_email("hash-11", now()).await;
    assert!(
        matches!(old, Err(StoreError::NotFound)),
        "it confirms nothing"
    );

    for id in [41, 42] {
        tokens
            .issue_token(account, token(id, TokenPurpose::Verify), vec![], now())
            .await
            .unwrap();
    }
    assert_eq!(tokens.verify_email("hash-41", now()).await.unwrap(), id);
    let spent = tokens.verify_email("hash-42", now()).await;
    assert!(
        matches!(spent, Err(StoreError::NotFound)),
        "confirming spends the other links"
    );
    // A link sent after confirming confirms again; the first time is kept.
    tokens
        .issue_token(account, token(43, TokenPurpose::Verify), vec![], now())
        .await
        .unwrap();
    let later = now() + SignedDuration::from_mins(5);
    assert_eq!(tokens.verify_email("hash-43", later).await.unwrap(), id);
    assert_eq!(tokens.email_verified_at(id).await.unwrap(), Some(now()));
}

#[tokio::test]
async fn a_paid_payment_reads_as_a_receipt_and_an_unpaid_one_not_at_all() {
    let t = test_db();
    let AccountRef::Patient(patient) = registered(&t).await else {
        unreachable!()
    };
    let doctor = doctor(&t, "Dr Karim").await;
    let outcome = t
        .ports
        .booking
        .book(booking(patient, doctor, "2026-06-02T03:00:00Z", 30))
        .await
        .unwrap();
    let appointment = booked(outcome);
    diesel::sql_query(format!(
        "INSERT INTO payments (id, appointment_id, amount, currency, payment_method, transaction_id, \
         payment_date, status, created_at) VALUES \
         (1, {appointment}, 150000, 'BDT', 'bkash', 'TRX8N7A2', {paid}, 'paid', {paid}), \
         (2, {appointment}, 150000, 'BDT', 'stripe', NULL, NULL, 'pending', {paid})",
        paid = now().as_second()
    ))
    .execute(&mut t.raw())
    .unwrap();
    let receipt = t
        .ports
        .receipts
        .receipt(PaymentId::new(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(receipt.appointment, appointment);
    assert_eq!(receipt.patient, patient);
    assert_eq!(receipt.amount.minor(), 150_000);
    assert_eq!(receipt.provider, "bKash", "as patients know it");
    assert_eq!(receipt.transaction.as_deref(), Some("TRX8N7A2"));
    assert_eq!(receipt.paid_at, now());
    assert!(t
        .ports
        .receipts
        .receipt(PaymentId::new(2))
        .await
        .unwrap()
        .is_none());
}
