//! SmtpMailer against a real SMTP server on loopback: delivery, refusals,
//! unreachable and misconfigured servers.
#![allow(clippy::unwrap_used)]

mod connection;
mod delivery;
mod refusals;
mod starttls;

use consulta_domain::ports::OutgoingMail;
use consulta_mail::{Invite, Method, SmtpConfig, SmtpMailer, SmtpTls};
use std::time::Duration;

pub const JOIN_LINK: &str = "https://meet.jit.si/Consulta-7f3a9c";

/// Plaintext settings for the sink, sending as `from`.
pub fn sink_config(from: &str) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".to_owned(),
        port: consulta_testkit::Sink::get().port(),
        tls: SmtpTls::None,
        root_certificate_pem: None,
        username: None,
        password: None,
        from: from.to_owned(),
        from_name: None,
        timeout: Duration::from_secs(10),
    }
}

pub fn sink_mailer() -> SmtpMailer {
    SmtpMailer::new(&sink_config(
        "Consulta Demo Clinic <no-reply@consulta.local>",
    ))
    .unwrap()
}

pub fn invite(attendee_email: &str) -> Invite {
    Invite {
        uid: "appointment-7@consulta.local".to_owned(),
        sequence: 2,
        method: Method::Request,
        starts_at: "2026-03-09T03:00:00Z".parse().unwrap(),
        ends_at: "2026-03-09T03:30:00Z".parse().unwrap(),
        issued_at: "2026-03-01T10:00:00Z".parse().unwrap(),
        summary: "Consultation with Dr. Rahman".to_owned(),
        description: "Reason: headache, since Monday".to_owned(),
        location: Some(JOIN_LINK.to_owned()),
        url: Some(JOIN_LINK.to_owned()),
        organizer_name: "Consulta Demo Clinic".to_owned(),
        organizer_email: "no-reply@consulta.local".to_owned(),
        attendee_name: "Amina Khatun".to_owned(),
        attendee_email: attendee_email.to_owned(),
    }
}

/// A confirmation with its join link in both parts and the invite attached;
/// `to_email` is the test's own address (the sink is shared).
pub fn confirmation(to_email: &str) -> OutgoingMail {
    OutgoingMail {
        message_id: format!("<appointment-7-confirmation-1-{to_email}>"),
        to_name: "Amina Khatun".to_owned(),
        to_email: to_email.to_owned(),
        subject: "Your consultation is confirmed".to_owned(),
        text: format!("Dear Amina,\nyour consultation is confirmed.\nJoin: {JOIN_LINK}"),
        html: format!(
            "<p>Dear Amina,</p><p>your consultation is confirmed.</p>\
             <p><a href=\"{JOIN_LINK}\">Join the consultation</a></p>"
        ),
        attachments: vec![invite(to_email).to_attachment()],
    }
}
