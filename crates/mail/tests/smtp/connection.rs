//! Servers that cannot take the mail at all (down, silent, without the TLS the
//! settings require) give temporary errors, and nothing is sent.

use crate::{confirmation, sink_config};
use consulta_domain::ports::{MailError, Mailer};
use consulta_mail::{SmtpConfig, SmtpMailer, SmtpTls};
use consulta_testkit::Sink;
use std::net::TcpListener;
use std::time::{Duration, Instant};

fn temporary_message(result: Result<(), MailError>) -> String {
    match result {
        Err(MailError::Temporary(message)) => message,
        other => panic!("expected Temporary, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_is_down_is_temporary() {
    let closed_port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = SmtpConfig {
        port: closed_port,
        ..sink_config("no-reply@consulta.local")
    };

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation("down@patients.test"))
        .await;

    let message = temporary_message(result);
    assert!(
        message.contains(&format!("127.0.0.1:{closed_port}")),
        "{message}"
    );
}

#[tokio::test]
async fn a_server_that_accepts_the_connection_but_never_answers_times_out_as_temporary() {
    // Never accepted: the kernel completes the handshake and nothing is said.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let config = SmtpConfig {
        port: silent.local_addr().unwrap().port(),
        timeout: Duration::from_millis(300),
        ..sink_config("no-reply@consulta.local")
    };
    let started = Instant::now();

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation("silent@patients.test"))
        .await;

    let message = temporary_message(result);
    assert!(message.contains("300ms"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn starttls_against_a_server_without_starttls_is_temporary_and_sends_nothing() {
    let to = "starttls@patients.test";
    let config = SmtpConfig {
        tls: SmtpTls::StartTls,
        ..sink_config("no-reply@consulta.local")
    };

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation(to))
        .await;

    let message = temporary_message(result);
    assert!(message.contains("does not offer STARTTLS"), "{message}");
    assert_eq!(Sink::get().attempts_for(to), 0);
    assert!(Sink::get().delivered_to(to).is_empty());
}

#[tokio::test]
async fn implicit_tls_against_a_plaintext_server_is_temporary_and_sends_nothing() {
    let to = "implicit-tls@patients.test";
    let config = SmtpConfig {
        tls: SmtpTls::Tls,
        timeout: Duration::from_secs(5),
        ..sink_config("no-reply@consulta.local")
    };

    let result = SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation(to))
        .await;

    temporary_message(result);
    assert_eq!(Sink::get().attempts_for(to), 0);
    assert!(Sink::get().delivered_to(to).is_empty());
}

#[tokio::test]
async fn tls_none_sends_in_plaintext_to_a_local_relay() {
    let to = "plaintext@patients.test";
    let config = sink_config("no-reply@consulta.local");
    assert_eq!(config.tls, SmtpTls::None);

    SmtpMailer::new(&config)
        .unwrap()
        .send(&confirmation(to))
        .await
        .unwrap();

    assert_eq!(Sink::get().delivered_to(to).len(), 1);
}
