//! Mail the server accepts arrives whole: envelope, headers, both parts and
//! the invite.

use crate::{confirmation, sink_config, sink_mailer, JOIN_LINK};
use consulta_domain::ports::{Mailer, OutgoingMail};
use consulta_mail::SmtpMailer;
use consulta_testkit::Sink;
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime};
use mail_parser::{MessageParser, MimeHeaders};

#[tokio::test]
async fn a_sent_mail_arrives_with_its_envelope_headers_parts_and_invite() {
    let to = "delivered@patients.test";
    let mail = confirmation(to);

    sink_mailer().send(&mail).await.unwrap();

    let delivered = Sink::get().delivered_to(to);
    assert_eq!(delivered.len(), 1, "{delivered:#?}");
    let delivered = &delivered[0];
    assert_eq!(delivered.envelope_to, vec![to.to_owned()]);
    assert_eq!(delivered.envelope_from, "no-reply@consulta.local");

    let message = MessageParser::default().parse(&delivered.raw).unwrap();
    assert_eq!(
        message.message_id(),
        Some(format!("appointment-7-confirmation-1-{to}").as_str())
    );
    let recipient = message.to().unwrap().first().unwrap();
    assert_eq!(recipient.name(), Some("Amina Khatun"));
    assert_eq!(recipient.address(), Some(to));
    let sender = message.from().unwrap().first().unwrap();
    assert_eq!(sender.name(), Some("Consulta Demo Clinic"));
    assert_eq!(sender.address(), Some("no-reply@consulta.local"));
    assert_eq!(message.subject(), Some("Your consultation is confirmed"));
    assert!(message.date().is_some(), "a Date header is required");

    let text = message.body_text(0).unwrap();
    let html = message.body_html(0).unwrap();
    assert!(text.contains(JOIN_LINK), "text part: {text}");
    assert!(
        html.contains(&format!("href=\"{JOIN_LINK}\"")),
        "HTML part: {html}"
    );

    assert_eq!(message.attachment_count(), 1);
    let attachment = message.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("invite.ics"));
    let content_type = attachment.content_type().unwrap();
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("text", Some("calendar"))
    );
    assert_eq!(content_type.attribute("method"), Some("REQUEST"));
    let ics = std::str::from_utf8(attachment.contents()).unwrap();
    let calendar: Calendar = ics.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 1, "{ics}");
    let event = events[0];
    assert_eq!(event.get_uid(), Some("appointment-7@consulta.local"));
    assert_eq!(event.get_sequence(), Some(2));
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start))) => {
            assert_eq!(start.to_rfc3339(), "2026-03-09T03:00:00+00:00")
        }
        other => panic!("DTSTART is not a UTC date-time: {other:?}\n{ics}"),
    }
    assert_eq!(event.get_url(), Some(JOIN_LINK));
}

#[tokio::test]
async fn a_bare_from_address_is_named_by_from_name() {
    let to = "bare-from@patients.test";
    let config = consulta_mail::SmtpConfig {
        from_name: Some("Consulta Demo Clinic".to_owned()),
        ..sink_config("no-reply@consulta.local")
    };
    let mailer = SmtpMailer::new(&config).unwrap();

    mailer.send(&confirmation(to)).await.unwrap();

    let delivered = Sink::get().delivered_to(to);
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].envelope_from, "no-reply@consulta.local");
    let message = MessageParser::default().parse(&delivered[0].raw).unwrap();
    let sender = message.from().unwrap().first().unwrap();
    assert_eq!(sender.name(), Some("Consulta Demo Clinic"));
    assert_eq!(sender.address(), Some("no-reply@consulta.local"));
}

#[tokio::test]
async fn a_bare_from_address_without_a_name_is_sent_as_it_is() {
    let to = "nameless-from@patients.test";
    let mailer = SmtpMailer::new(&sink_config("no-reply@consulta.local")).unwrap();

    mailer.send(&confirmation(to)).await.unwrap();

    let delivered = Sink::get().delivered_to(to);
    let message = MessageParser::default().parse(&delivered[0].raw).unwrap();
    let sender = message.from().unwrap().first().unwrap();
    assert_eq!(sender.name(), None);
    assert_eq!(sender.address(), Some("no-reply@consulta.local"));
}

#[tokio::test]
async fn non_ascii_names_and_text_arrive_intact_through_a_7bit_server() {
    let to = "bengali@patients.test";
    let config = consulta_mail::SmtpConfig {
        from_name: Some("কনসাল্টা ক্লিনিক".to_owned()),
        ..sink_config("no-reply@consulta.local")
    };
    let mail = OutgoingMail {
        to_name: "আমিনা খাতুন".to_owned(),
        subject: "আপনার পরামর্শ নিশ্চিত হয়েছে".to_owned(),
        text: format!("প্রিয় আমিনা,\n{JOIN_LINK}"),
        ..confirmation(to)
    };

    SmtpMailer::new(&config).unwrap().send(&mail).await.unwrap();

    let delivered = Sink::get().delivered_to(to);
    assert!(delivered[0].raw.is_ascii(), "the sink offers no 8BITMIME");
    let message = MessageParser::default().parse(&delivered[0].raw).unwrap();
    assert_eq!(
        message.from().unwrap().first().unwrap().name(),
        Some("কনসাল্টা ক্লিনিক")
    );
    assert_eq!(
        message.to().unwrap().first().unwrap().name(),
        Some("আমিনা খাতুন")
    );
    assert_eq!(message.subject(), Some("আপনার পরামর্শ নিশ্চিত হয়েছে"));
    assert!(message.body_text(0).unwrap().contains("প্রিয় আমিনা"));
}

#[tokio::test]
async fn the_same_mailer_sends_one_mail_after_another() {
    let mailer = sink_mailer();
    let recipients = ["first@patients.test", "second@patients.test"];

    for to in recipients {
        mailer.send(&confirmation(to)).await.unwrap();
    }

    for to in recipients {
        assert_eq!(Sink::get().delivered_to(to).len(), 1, "{to}");
    }
}
