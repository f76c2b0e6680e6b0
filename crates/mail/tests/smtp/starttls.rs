//! STARTTLS with authentication against a server with a private CA: the
//! 587-style path a clinic's provider takes.

use crate::confirmation;
use consulta_domain::ports::{MailError, Mailer};
use consulta_mail::{SmtpConfig, SmtpMailer, SmtpTls};
use consulta_testkit::{Sink, PASSWORD, USERNAME};
use mail_parser::MessageParser;
use secrecy::SecretString;
use std::time::Duration;

/// STARTTLS to `localhost`, trusting the sink's CA, logged in as given.
fn starttls_config(username: Option<&str>, password: Option<&str>) -> SmtpConfig {
    let sink = Sink::with_starttls();
    SmtpConfig {
        host: "localhost".to_owned(),
        port: sink.port(),
        tls: SmtpTls::StartTls,
        root_certificate_pem: Some(sink.ca_pem().to_owned()),
        username: username.map(str::to_owned),
        password: password.map(SecretString::from),
        from: "Consulta Demo Clinic <no-reply@consulta.local>".to_owned(),
        from_name: None,
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn starttls_then_auth_delivers_the_mail_over_an_encrypted_authenticated_session() {
    let to = "encrypted@patients.test";
    let mailer = SmtpMailer::new(&starttls_config(Some(USERNAME), Some(PASSWORD))).unwrap();

    mailer.send(&confirmation(to)).await.unwrap();

    let delivered = Sink::with_starttls().delivered_to(to);
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].authenticated_as.as_deref(), Some(USERNAME));
    let message = MessageParser::default().parse(&delivered[0].raw).unwrap();
    assert_eq!(message.subject(), Some("Your consultation is confirmed"));
}

#[tokio::test]
async fn a_wrong_password_is_permanent_with_the_servers_535() {
    let to = "wrong-password@patients.test";
    let mailer = SmtpMailer::new(&starttls_config(Some(USERNAME), Some("guess"))).unwrap();

    let result = mailer.send(&confirmation(to)).await;

    match result {
        Err(MailError::Permanent(message)) => {
            assert!(message.contains("535"), "{message}");
            assert!(message.contains("Invalid credentials"), "{message}");
        }
        other => panic!("expected Permanent, got {other:?}"),
    }
    assert_eq!(Sink::with_starttls().attempts_for(to), 0);
}

#[tokio::test]
async fn no_credentials_for_a_server_that_requires_them_is_permanent() {
    let to = "anonymous@patients.test";
    let mailer = SmtpMailer::new(&starttls_config(None, None)).unwrap();

    let result = mailer.send(&confirmation(to)).await;

    // RFC 4954 says 530; mailin answers 503 (bad sequence). Either is 5xx.
    assert!(matches!(result, Err(MailError::Permanent(_))), "{result:?}");
    assert_eq!(Sink::with_starttls().attempts_for(to), 0);
}

#[tokio::test]
async fn a_certificate_no_trusted_ca_signed_is_temporary_and_sends_nothing() {
    let to = "untrusted@patients.test";
    let config = SmtpConfig {
        root_certificate_pem: None,
        ..starttls_config(Some(USERNAME), Some(PASSWORD))
    };

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation(to))
        .await;

    match result {
        Err(MailError::Temporary(message)) => {
            assert!(message.to_lowercase().contains("certificate"), "{message}")
        }
        other => panic!("expected Temporary, got {other:?}"),
    }
    assert_eq!(Sink::with_starttls().attempts_for(to), 0);
}

#[tokio::test]
async fn a_certificate_for_another_host_name_is_refused() {
    let to = "wrong-name@patients.test";
    // The certificate names localhost only; 127.0.0.1 is the same server.
    let config = SmtpConfig {
        host: "127.0.0.1".to_owned(),
        ..starttls_config(Some(USERNAME), Some(PASSWORD))
    };

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation(to))
        .await;

    assert!(matches!(result, Err(MailError::Temporary(_))), "{result:?}");
    assert_eq!(Sink::with_starttls().attempts_for(to), 0);
}
