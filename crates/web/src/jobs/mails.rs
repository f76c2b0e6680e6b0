//! The mails the jobs send: subject, text and HTML from templates, plus an .ics invite.

use crate::templates::Templates;
use consulta_domain::model::{Appointment, Patient};
use consulta_domain::ports::OutgoingMail;
use consulta_domain::schedule::place_name;
use consulta_mail::{Invite, Method};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use minijinja::context;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Confirmation,
    Rescheduled,
    Cancellation,
}

impl MailKind {
    fn template(self) -> &'static str {
        match self {
            MailKind::Confirmation => "confirmation",
            MailKind::Rescheduled => "rescheduled",
            MailKind::Cancellation => "cancellation",
        }
    }
}

/// Which version of an appointment's calendar invite a mail carries.
#[derive(Debug, Clone, Copy)]
pub struct InviteVersion {
    /// Raised with every change, so calendars keep the newest.
    pub sequence: u32,
    pub issued_at: Timestamp,
}

#[derive(Clone)]
pub struct Mails {
    pub templates: Arc<Templates>,
    pub clinic_name: String,
    pub public_url: String,
    /// The host part of Message-IDs and invite UIDs.
    pub host: String,
    pub organizer_email: String,
}

impl Mails {
    /// Stable for one effect: the same job run twice gives the same id.
    pub fn message_id(&self, a: &Appointment, kind: MailKind) -> String {
        match kind {
            MailKind::Rescheduled => format!(
                "<appointment-{}-rescheduled-{}@{}>",
                a.id,
                a.starts_at.as_second(),
                self.host
            ),
            other => format!("<appointment-{}-{}@{}>", a.id, other.template(), self.host),
        }
    }

    pub fn compose(
        &self,
        a: &Appointment,
        patient: &Patient,
        zone: &TimeZone,
        kind: MailKind,
        message_id: String,
        version: InviteVersion,
    ) -> Result<OutgoingMail, minijinja::Error> {
        let local = a.starts_at.to_zoned(zone.clone());
        let theirs = patient
            .timezone
            .as_ref()
            .map(|z| z.time_zone())
            .filter(|z| z.iana_name() != zone.iana_name())
            .map(|z| {
                consulta_domain::schedule::TimeInZone::new(a.starts_at, &z, local.date())
                    .to_string()
            });
        let manage_url = format!(
            "{}/appointments/{}",
            self.public_url.trim_end_matches('/'),
            a.id
        );
        let ctx = context! {
            clinic => self.clinic_name.clone(),
            patient_name => patient.name.as_str(),
            doctor_name => a.doctor_name.clone(),
            date => local.strftime("%A %-d %B %Y").to_string(),
            time => format!("{} {}", local.strftime("%H:%M"), place_name(zone)),
            offset => local.strftime("%:z").to_string(),
            theirs,
            reason => a.reason.as_str(),
            fee => a.amount.display(),
            meeting_link => a.zoom_link.clone(),
            manage_url,
        };
        let name = kind.template();
        let subject = self
            .templates
            .render(&format!("email/{name}.subject.txt"), ctx.clone())?;
        let text = self
            .templates
            .render(&format!("email/{name}.txt"), ctx.clone())?;
        let html = self.templates.render(&format!("email/{name}.html"), ctx)?;
        let invite = Invite {
            uid: format!("appointment-{}@{}", a.id, self.host),
            // Each move or cancellation must supersede the invite before it.
            sequence: version.sequence,
            method: if kind == MailKind::Cancellation {
                Method::Cancel
            } else {
                Method::Request
            },
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            issued_at: version.issued_at,
            summary: format!("Consultation with {} ({})", a.doctor_name, self.clinic_name),
            description: format!("Reason: {}", a.reason.as_str()),
            location: a.zoom_link.clone(),
            url: a.zoom_link.clone(),
            organizer_name: self.clinic_name.clone(),
            organizer_email: self.organizer_email.clone(),
            attendee_name: patient.name.as_str().to_owned(),
            attendee_email: patient.email.as_str().to_owned(),
        };
        Ok(OutgoingMail {
            message_id,
            to_name: patient.name.as_str().to_owned(),
            to_email: patient.email.as_str().to_owned(),
            subject: subject.trim().to_owned(),
            text,
            html,
            attachments: vec![invite.to_attachment()],
        })
    }
}
