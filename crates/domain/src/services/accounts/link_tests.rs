//! The link use cases on in-memory ports: the same work for unknown emails,
//! links that work once and expire, and booking gated by a confirmed email.

use super::link_fakes::{block_on, world, KNOWN, PATIENT};
use super::{MayBookError, RegistrationForm, ResetPasswordError, VerifyEmailError};
use crate::model::{AccountTokenId, JobKind, JobPayload, LinkRefused};
use crate::ports::TokenSecrets;
use jiff::SignedDuration;

const NEW: &str = "a brand new secret";

#[test]
fn forgot_password_writes_once_for_any_email_and_mails_only_a_known_one() {
    let w = world(false);
    block_on(
        w.accounts
            .request_password_reset(" Known@Example.com ", "10.0.0.1"),
    )
    .unwrap();
    block_on(
        w.accounts
            .request_password_reset("nobody@example.com", "10.0.0.1"),
    )
    .unwrap();
    let written = w.tokens.0.lock().unwrap();
    let requests: Vec<(&str, bool)> = written
        .reset_requests
        .iter()
        .map(|(r, issued)| (r.email_key.as_str(), *issued))
        .collect();
    assert_eq!(
        requests,
        vec![(KNOWN, true), ("nobody@example.com", false)],
        "one write each, a token only for the account"
    );
    assert_eq!(written.jobs.len(), 1);
    let job = &written.jobs[0];
    assert_eq!(job.kind, JobKind::SendPasswordReset);
    assert_eq!(job.account, Some(PATIENT));
    assert_eq!(
        job.payload,
        JobPayload::Token {
            id: written.tokens[0].0.id.get()
        }
    );
    assert!(
        !written.tokens[0].1.contains("secret"),
        "the store gets the hash, never the secret"
    );
}

#[test]
fn forgot_password_is_throttled_per_email_whether_or_not_it_exists() {
    let w = world(false);
    for email in [KNOWN, "nobody@example.com"] {
        for n in 0..5 {
            let client = format!("10.0.0.{n}");
            block_on(w.accounts.request_password_reset(email, &client)).unwrap();
        }
        let sixth = block_on(w.accounts.request_password_reset(email, "10.9.9.9"));
        assert!(
            matches!(sixth, Err(super::ForgotPasswordError::Throttled { .. })),
            "{email}: {sixth:?}"
        );
    }
}

fn reset_secret(w: &super::link_fakes::World) -> String {
    block_on(w.accounts.request_password_reset(KNOWN, "10.0.0.1")).unwrap();
    let id = w.tokens.0.lock().unwrap().tokens.last().unwrap().0.id;
    w.secrets.secret(id)
}

#[test]
fn a_reset_link_sets_the_password_once() {
    let w = world(false);
    let secret = reset_secret(&w);
    block_on(w.accounts.check_reset_link(&secret)).unwrap();
    assert!(
        w.tokens.0.lock().unwrap().passwords.is_empty(),
        "checking changes nothing"
    );

    let account = block_on(w.accounts.reset_password(&secret, NEW, NEW)).unwrap();
    assert_eq!(account, PATIENT);
    assert_eq!(w.tokens.0.lock().unwrap().passwords.len(), 1);
    assert_eq!(*w.audit.0.lock().unwrap(), vec!["account.password_reset"]);

    let again = block_on(w.accounts.reset_password(&secret, NEW, NEW));
    assert!(
        matches!(again, Err(ResetPasswordError::Link(LinkRefused::Used))),
        "{again:?}"
    );
    assert_eq!(w.tokens.0.lock().unwrap().passwords.len(), 1);
}

#[test]
fn expired_forged_and_mistyped_resets_change_nothing() {
    let w = world(false);
    let secret = reset_secret(&w);
    let short = block_on(w.accounts.reset_password(&secret, "short", "short"));
    assert!(
        matches!(short, Err(ResetPasswordError::Invalid(_))),
        "{short:?}"
    );
    let forged = block_on(w.accounts.reset_password(
        &w.secrets.secret(AccountTokenId::new(99)),
        NEW,
        NEW,
    ));
    assert!(
        matches!(forged, Err(ResetPasswordError::Link(LinkRefused::Unknown))),
        "{forged:?}"
    );

    let later = w
        .clock
        .0
        .lock()
        .unwrap()
        .checked_add(SignedDuration::from_mins(60))
        .unwrap();
    *w.clock.0.lock().unwrap() = later;
    let late = block_on(w.accounts.reset_password(&secret, NEW, NEW));
    assert!(
        matches!(late, Err(ResetPasswordError::Link(LinkRefused::Expired))),
        "{late:?}"
    );
    assert!(w.tokens.0.lock().unwrap().passwords.is_empty());
}

#[test]
fn registration_writes_the_welcome_mail_with_the_patient_and_its_link_confirms_once() {
    let w = world(true);
    let form = RegistrationForm {
        name: "Ayesha Rahman".into(),
        email: "ayesha@example.com".into(),
        phone: "+880 1711 234567".into(),
        medical_history: String::new(),
        password: NEW.into(),
        password_confirm: NEW.into(),
        timezone: String::new(),
    };
    block_on(w.accounts.register(&form, "10.0.0.1")).unwrap();
    let (id, job) = {
        let written = w.tokens.0.lock().unwrap();
        (written.tokens[0].0.id, written.jobs[0].clone())
    };
    assert_eq!(job.kind, JobKind::SendWelcome);
    assert_eq!(job.account, None, "the store names the new patient");
    assert_eq!(job.payload, JobPayload::Token { id: id.get() });

    let patient = crate::model::PatientId::new(1);
    let refused = block_on(w.accounts.may_book(patient));
    assert!(
        matches!(refused, Err(MayBookError::EmailUnverified)),
        "{refused:?}"
    );
    let secret = w.secrets.secret(id);
    block_on(w.accounts.check_verify_link(&secret)).unwrap();
    assert!(
        block_on(w.accounts.may_book(patient)).is_err(),
        "checking confirms nothing"
    );
    block_on(w.accounts.confirm_email(&secret)).unwrap();
    block_on(w.accounts.may_book(patient)).unwrap();
    let again = block_on(w.accounts.confirm_email(&secret));
    assert!(
        matches!(again, Err(VerifyEmailError::Link(LinkRefused::Used))),
        "{again:?}"
    );
}

#[test]
fn a_reset_link_confirms_no_email_and_booking_is_free_when_not_required() {
    let w = world(false);
    let secret = reset_secret(&w);
    let wrong = block_on(w.accounts.confirm_email(&secret));
    assert!(
        matches!(wrong, Err(VerifyEmailError::Link(LinkRefused::Unknown))),
        "{wrong:?}"
    );
    block_on(w.accounts.may_book(crate::model::PatientId::new(1))).unwrap();
}
