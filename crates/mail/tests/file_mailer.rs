//! FileMailer end to end: the .eml files it writes parse back as the mail sent.
#![allow(clippy::unwrap_used)]

use consulta_domain::ports::{Attachment, MailError, Mailer, OutgoingMail};
use consulta_mail::{eml_file_name, FileMailer, InvalidSender, Invite, Method};
use mail_parser::{MessageParser, MimeHeaders};
use std::path::Path;

const FROM: &str = "Consulta Demo Clinic <no-reply@consulta.local>";

fn invite() -> Invite {
    Invite {
        uid: "appointment-7@consulta.local".to_owned(),
        sequence: 0,
        method: Method::Request,
        starts_at: "2026-03-09T03:00:00Z".parse().unwrap(),
        ends_at: "2026-03-09T03:30:00Z".parse().unwrap(),
        issued_at: "2026-03-01T10:00:00Z".parse().unwrap(),
        summary: "Consultation with Dr. Rahman".to_owned(),
        description: "Reason: headache, since Monday".to_owned(),
        location: Some("https://meet.jit.si/Consulta-abc".to_owned()),
        url: Some("https://meet.jit.si/Consulta-abc".to_owned()),
        organizer_name: "Consulta Demo Clinic".to_owned(),
        organizer_email: "no-reply@consulta.local".to_owned(),
        attendee_name: "Amina Khatun".to_owned(),
        attendee_email: "amina@example.com".to_owned(),
    }
}

fn confirmation() -> OutgoingMail {
    OutgoingMail {
        message_id: "<appointment-7-confirmation-1@consulta.local>".to_owned(),
        to_name: "Amina Khatun".to_owned(),
        to_email: "amina@example.com".to_owned(),
        subject: "Your consultation is confirmed".to_owned(),
        text: "Dear Amina,\nyour consultation is confirmed.".to_owned(),
        html: "<p>Dear Amina,</p><p>your consultation is confirmed.</p>".to_owned(),
        attachments: vec![invite().to_attachment()],
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn header_lines(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    raw.split("\r\n\r\n").next().unwrap().to_owned()
}

#[tokio::test]
async fn a_sent_mail_is_an_eml_file_that_parses_back_with_its_headers_parts_and_invite() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path().join("outbox"), FROM).unwrap();

    mailer.send(&confirmation()).await.unwrap();

    let path = mailer.path_for("<appointment-7-confirmation-1@consulta.local>");
    let raw = std::fs::read(&path).unwrap();
    let message = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.message_id(),
        Some("appointment-7-confirmation-1@consulta.local")
    );
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Consulta Demo Clinic"));
    assert_eq!(from.address(), Some("no-reply@consulta.local"));
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Amina Khatun"));
    assert_eq!(to.address(), Some("amina@example.com"));
    assert_eq!(message.subject(), Some("Your consultation is confirmed"));
    assert!(message.date().is_some(), "a Date header is required");
    assert_eq!(
        message
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .trim_end(),
        "Dear Amina,\nyour consultation is confirmed."
    );
    assert_eq!(
        message.body_html(0).unwrap().trim_end(),
        "<p>Dear Amina,</p><p>your consultation is confirmed.</p>"
    );

    assert_eq!(message.attachment_count(), 1);
    let attachment = message.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("invite.ics"));
    let content_type = attachment.content_type().unwrap();
    assert_eq!(content_type.ctype(), "text");
    assert_eq!(content_type.subtype(), Some("calendar"));
    assert_eq!(content_type.attribute("method"), Some("REQUEST"));
    assert_eq!(attachment.contents(), invite().to_ics().as_bytes());
}

#[tokio::test]
async fn the_message_is_multipart_alternative_inside_mixed_when_there_is_an_attachment() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), FROM).unwrap();

    mailer.send(&confirmation()).await.unwrap();

    let raw = std::fs::read_to_string(mailer.path_for(&confirmation().message_id)).unwrap();
    let mixed = raw.find("multipart/mixed").unwrap();
    let alternative = raw.find("multipart/alternative").unwrap();
    let plain = raw.find("text/plain").unwrap();
    let html = raw.find("text/html").unwrap();
    let calendar = raw.find("text/calendar").unwrap();
    assert!(mixed < alternative && alternative < plain && plain < html && html < calendar);
    assert!(
        !raw.replace("\r\n", "").contains('\n'),
        "bare LF in the .eml"
    );
}

#[tokio::test]
async fn a_mail_without_attachments_is_just_multipart_alternative() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), FROM).unwrap();
    let mail = OutgoingMail {
        attachments: Vec::new(),
        ..confirmation()
    };

    mailer.send(&mail).await.unwrap();

    let raw = std::fs::read_to_string(mailer.path_for(&mail.message_id)).unwrap();
    assert!(raw.contains("multipart/alternative"));
    assert!(!raw.contains("multipart/mixed"));
}

#[tokio::test]
async fn non_ascii_names_and_subjects_are_encoded_words_that_decode_back() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), "কনসাল্টা ক্লিনিক <no-reply@consulta.local>").unwrap();
    let mail = OutgoingMail {
        to_name: "আমিনা খাতুন".to_owned(),
        subject: "আপনার পরামর্শ নিশ্চিত হয়েছে, ডা. রহমান".to_owned(),
        ..confirmation()
    };

    mailer.send(&mail).await.unwrap();

    let raw = std::fs::read(mailer.path_for(&mail.message_id)).unwrap();
    let headers = header_lines(&raw);
    assert!(headers.is_ascii(), "raw 8-bit header bytes:\n{headers}");
    assert!(headers.contains("=?utf-8?"), "no encoded-words:\n{headers}");
    for line in headers.split("\r\n") {
        assert!(line.len() <= 998, "header line over 998 octets: {line}");
    }
    let message = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.to().unwrap().first().unwrap().name(),
        Some("আমিনা খাতুন")
    );
    assert_eq!(
        message.from().unwrap().first().unwrap().name(),
        Some("কনসাল্টা ক্লিনিক")
    );
    assert_eq!(message.subject(), Some("আপনার পরামর্শ নিশ্চিত হয়েছে, ডা. রহমান"));
}

#[tokio::test]
async fn sending_the_same_mail_again_overwrites_its_file_and_leaves_no_temporary_file() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), FROM).unwrap();

    mailer.send(&confirmation()).await.unwrap();
    mailer.send(&confirmation()).await.unwrap();

    assert_eq!(
        files_in(outbox.path()),
        vec![eml_file_name(&confirmation().message_id)]
    );
}

#[tokio::test]
async fn different_mails_get_different_files() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), FROM).unwrap();
    let reminder = OutgoingMail {
        message_id: "<appointment-7-reminder-24h@consulta.local>".to_owned(),
        ..confirmation()
    };

    mailer.send(&confirmation()).await.unwrap();
    mailer.send(&reminder).await.unwrap();

    assert_eq!(files_in(outbox.path()).len(), 2);
}

#[tokio::test]
async fn a_bad_recipient_or_message_id_is_permanent_and_writes_nothing() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::new(outbox.path(), FROM).unwrap();
    let cases = [
        (
            OutgoingMail {
                to_email: "not an address".to_owned(),
                ..confirmation()
            },
            "recipient without @",
        ),
        (
            OutgoingMail {
                message_id: "<a@b>\r\nBcc: evil@example.com".to_owned(),
                ..confirmation()
            },
            "Message-ID with a line break",
        ),
        (
            OutgoingMail {
                attachments: vec![Attachment {
                    filename: "x.ics".to_owned(),
                    content_type: "nonsense".to_owned(),
                    content: Vec::new(),
                }],
                ..confirmation()
            },
            "attachment content type",
        ),
    ];
    for (mail, why) in cases {
        let result = mailer.send(&mail).await;
        assert!(
            matches!(result, Err(MailError::Permanent(_))),
            "{why}: {result:?}"
        );
    }
    assert!(files_in(outbox.path()).is_empty());
}

#[tokio::test]
async fn an_outbox_that_cannot_be_written_is_a_temporary_error() {
    let scratch = tempfile::tempdir().unwrap();
    let not_a_directory = scratch.path().join("outbox");
    std::fs::write(&not_a_directory, b"a file, not a directory").unwrap();
    let mailer = FileMailer::new(&not_a_directory, FROM).unwrap();

    let result = mailer.send(&confirmation()).await;

    assert!(matches!(result, Err(MailError::Temporary(_))), "{result:?}");
}

#[test]
fn a_sender_that_is_not_an_address_is_refused_at_construction() {
    let error: InvalidSender = FileMailer::new("data/outbox", "Consulta Clinic").unwrap_err();
    assert!(error.to_string().contains("Consulta Clinic"), "{error}");
}

#[tokio::test]
async fn a_bare_sender_address_is_named_by_the_sender_name() {
    let outbox = tempfile::tempdir().unwrap();
    let mailer = FileMailer::with_sender(
        outbox.path(),
        "no-reply@consulta.local",
        Some("Consulta Demo Clinic"),
    )
    .unwrap();

    mailer.send(&confirmation()).await.unwrap();

    let raw = std::fs::read(mailer.path_for(&confirmation().message_id)).unwrap();
    let message = MessageParser::default().parse(&raw).unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Consulta Demo Clinic"));
    assert_eq!(from.address(), Some("no-reply@consulta.local"));
}

#[test]
fn two_different_sender_names_are_refused_at_construction() {
    let error = FileMailer::with_sender("data/outbox", FROM, Some("Another Clinic")).unwrap_err();
    assert!(error.to_string().contains(FROM), "{error}");
}
