//! The server's refusals map to the port's errors: 4xx temporary, 5xx
//! permanent with the server's own words.

use crate::{confirmation, sink_mailer};
use consulta_domain::ports::{MailError, Mailer};
use consulta_testkit::Sink;

#[tokio::test]
async fn a_451_is_temporary_and_once_the_server_accepts_the_mail_arrives_exactly_once() {
    let to = "deferred@patients.test";
    Sink::get().refuse_data(to, 2, 451, "4.3.0 Try again later");
    let mailer = sink_mailer();
    let mail = confirmation(to);

    for attempt in 1..=2 {
        match mailer.send(&mail).await {
            Err(MailError::Temporary(message)) => {
                assert!(message.contains("451"), "attempt {attempt}: {message}");
                assert!(
                    message.contains("Try again later"),
                    "attempt {attempt}: {message}"
                );
            }
            other => panic!("attempt {attempt}: expected Temporary, got {other:?}"),
        }
        assert!(Sink::get().delivered_to(to).is_empty(), "attempt {attempt}");
    }
    mailer.send(&mail).await.unwrap();

    assert_eq!(Sink::get().attempts_for(to), 3);
    assert_eq!(Sink::get().delivered_to(to).len(), 1);
}

#[tokio::test]
async fn a_greylisting_451_on_rcpt_is_temporary_and_the_retry_is_delivered_once() {
    let to = "greylisted@patients.test";
    Sink::get().refuse_rcpt(to, 1, 451, "4.7.1 Greylisted, please try again later");
    let mailer = sink_mailer();
    let mail = confirmation(to);

    let first = mailer.send(&mail).await;
    let retry = mailer.send(&mail).await;

    match first {
        Err(MailError::Temporary(message)) => {
            assert!(message.contains("451"), "{message}");
            assert!(message.contains("Greylisted"), "{message}");
        }
        other => panic!("expected Temporary, got {other:?}"),
    }
    retry.unwrap();
    assert_eq!(
        Sink::get().attempts_for(to),
        1,
        "no DATA after a refused RCPT"
    );
    assert_eq!(Sink::get().delivered_to(to).len(), 1);
}

#[tokio::test]
async fn a_550_on_rcpt_is_permanent_with_the_servers_code_and_text() {
    let to = "unknown@patients.test";
    Sink::get().refuse_rcpt(
        to,
        u32::MAX,
        550,
        "5.1.1 <unknown@patients.test>: mailbox unavailable",
    );

    let result = sink_mailer().send(&confirmation(to)).await;

    match result {
        Err(MailError::Permanent(message)) => {
            assert!(message.contains("550"), "{message}");
            assert!(
                message.contains("5.1.1 <unknown@patients.test>: mailbox unavailable"),
                "{message}"
            );
        }
        other => panic!("expected Permanent, got {other:?}"),
    }
    assert_eq!(
        Sink::get().attempts_for(to),
        0,
        "no DATA after a refused RCPT"
    );
    assert!(Sink::get().delivered_to(to).is_empty());
}

#[tokio::test]
async fn replies_are_temporary_or_permanent_by_their_first_digit() {
    let cases = [
        (450, "4.2.1 mailbox busy", true),
        (452, "4.3.1 insufficient system storage", true),
        (553, "5.1.3 mailbox name not allowed", false),
        (554, "5.7.1 rejected by policy", false),
    ];
    for (code, text, temporary) in cases {
        let to = format!("reply-{code}@patients.test");
        Sink::get().refuse_rcpt(&to, u32::MAX, code, text);

        let result = sink_mailer().send(&confirmation(&to)).await;

        let message = match (result, temporary) {
            (Err(MailError::Temporary(message)), true) => message,
            (Err(MailError::Permanent(message)), false) => message,
            (other, _) => panic!("{code}: expected temporary = {temporary}, got {other:?}"),
        };
        assert!(message.contains(&code.to_string()), "{code}: {message}");
        assert!(message.contains(text), "{code}: {message}");
    }
}

#[tokio::test]
async fn a_554_after_data_is_permanent_and_nothing_is_kept() {
    let to = "rejected-content@patients.test";
    Sink::get().refuse_data(to, u32::MAX, 554, "5.7.1 message content rejected");

    let result = sink_mailer().send(&confirmation(to)).await;

    match result {
        Err(MailError::Permanent(message)) => {
            assert!(message.contains("554"), "{message}");
            assert!(message.contains("message content rejected"), "{message}");
        }
        other => panic!("expected Permanent, got {other:?}"),
    }
    assert_eq!(Sink::get().attempts_for(to), 1);
    assert!(Sink::get().delivered_to(to).is_empty());
}
