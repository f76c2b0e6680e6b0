//! Turns an `OutgoingMail` into an RFC 5322 message: headers, text and HTML
//! alternatives, attachments. Every transport sends what this builds.

use consulta_domain::ports::{Attachment, MailError, OutgoingMail};
use lettre::message::header::ContentType;
use lettre::message::{self, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

/// Builds the message. Anything wrong with the mail itself is permanent:
/// sending it again would fail the same way.
pub(crate) fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let to = recipient(&mail.to_name, &mail.to_email)?;
    let message_id = message_id(&mail.message_id)?;
    let alternatives = MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
    let body = if mail.attachments.is_empty() {
        alternatives
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternatives);
        for attachment in &mail.attachments {
            mixed = mixed.singlepart(attachment_part(attachment)?);
        }
        mixed
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(message_id))
        .multipart(body)
        .map_err(|e| MailError::Permanent(format!("cannot build mail {}: {e}", mail.message_id)))
}

fn recipient(name: &str, email: &str) -> Result<Mailbox, MailError> {
    let address: Address = email
        .trim()
        .parse()
        .map_err(|e| MailError::Permanent(format!("invalid recipient address {email:?}: {e}")))?;
    let name = name.trim();
    let name = (!name.is_empty()).then(|| name.to_owned());
    Ok(Mailbox::new(name, address))
}

/// A Message-ID in angle brackets; brackets are added when missing. Anything
/// but printable ASCII is refused, since the header is written as is.
fn message_id(id: &str) -> Result<String, MailError> {
    let bare = id.trim().trim_start_matches('<').trim_end_matches('>');
    let printable = !bare.is_empty()
        && bare
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
    if printable {
        Ok(format!("<{bare}>"))
    } else {
        Err(MailError::Permanent(format!("invalid Message-ID {id:?}")))
    }
}

fn attachment_part(attachment: &Attachment) -> Result<SinglePart, MailError> {
    let content_type = ContentType::parse(&attachment.content_type).map_err(|e| {
        MailError::Permanent(format!(
            "invalid content type {:?} for attachment {:?}: {e}",
            attachment.content_type, attachment.filename
        ))
    })?;
    Ok(message::Attachment::new(attachment.filename.clone())
        .body(attachment.content.clone(), content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_get_angle_brackets_and_refuse_anything_but_printable_ascii() {
        let cases = [
            ("<a-1@host>", Some("<a-1@host>"), "kept as given"),
            ("a-1@host", Some("<a-1@host>"), "brackets added"),
            ("", None, "empty"),
            ("<>", None, "empty inside brackets"),
            ("<a 1@host>", None, "space"),
            ("<a@host>\r\nBcc: x@evil", None, "header injection"),
            ("<ডাক@host>", None, "non-ASCII"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(message_id(input).ok().as_deref(), expected, "{why}");
        }
    }

    #[test]
    fn a_bad_recipient_address_is_permanent() {
        for email in ["", "no-at-sign", "a@b@c", "a b@example.com"] {
            let error = recipient("Amina", email).unwrap_err();
            assert!(
                matches!(error, MailError::Permanent(_)),
                "{email:?}: {error}"
            );
        }
    }

    #[test]
    fn an_unparseable_attachment_content_type_is_permanent() {
        let attachment = Attachment {
            filename: "invite.ics".to_owned(),
            content_type: "not a mime type".to_owned(),
            content: Vec::new(),
        };
        assert!(matches!(
            attachment_part(&attachment),
            Err(MailError::Permanent(_))
        ));
    }
}
