//! The mails about appointments, rendered from templates/email/: a subject,
//! a plain-text and an HTML part, and an .ics invite. Implements the domain's
//! `NoticeRenderer`; what to send and when is decided in the domain.

use crate::templates::Templates;
use crate::views::times;
use consulta_domain::ports::{
    DoctorNotice, DoctorNoticeKind, Notice, NoticeKind, NoticeRenderer, OutgoingMail, RenderError,
};
use consulta_mail::{Invite, Method};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use minijinja::context;
use std::sync::Arc;

#[derive(Clone)]
pub struct TemplateNotices {
    pub templates: Arc<Templates>,
    pub clinic_name: String,
    pub clinic_address: String,
    pub public_url: String,
    /// The host part of Message-IDs and invite UIDs.
    pub host: String,
    /// The invite's organizer: the mails' From.
    pub organizer_name: String,
    pub organizer_email: String,
}

fn template(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Confirmation => "confirmation",
        NoticeKind::MeetingLink => "meeting_link",
        NoticeKind::Rescheduled { .. } => "rescheduled",
        NoticeKind::Cancellation => "cancellation",
        NoticeKind::Reminder { .. } => "reminder",
    }
}

/// "Tuesday 1 December 2026, 10:00 Dhaka", as the pages write it.
fn local_when(at: Timestamp, zone: &TimeZone) -> String {
    let shown = times::shown(at, zone, None);
    format!("{}, {}", shown.date, shown.label)
}

/// "in 24 hours", "in 1 hour", "in 30 minutes"
fn before_words(minutes: i64) -> String {
    match minutes {
        m if m % 60 == 0 && m == 60 => "in 1 hour".to_owned(),
        m if m % 60 == 0 => format!("in {} hours", m / 60),
        1 => "in 1 minute".to_owned(),
        m => format!("in {m} minutes"),
    }
}

impl NoticeRenderer for TemplateNotices {
    fn message_id(&self, key: &str) -> String {
        format!("<{key}@{}>", self.host)
    }

    fn render(&self, notice: &Notice<'_>) -> Result<OutgoingMail, RenderError> {
        let a = notice.appointment;
        let patient = notice.patient;
        let zone = notice.doctor_zone;
        let patient_zone = patient.timezone.as_ref().map(|z| z.time_zone());
        let start = times::shown(a.starts_at, zone, patient_zone.as_ref());
        let base = self.public_url.trim_end_matches('/');
        let manage_url = format!("{base}/appointments/{}", a.id);
        let moved_from = match notice.kind {
            NoticeKind::Rescheduled { from } => Some(local_when(from, zone)),
            _ => None,
        };
        let ctx = context! {
            clinic => self.clinic_name.clone(),
            patient_name => patient.name.as_str(),
            doctor_name => a.doctor_name.clone(),
            date => start.date,
            time => start.label,
            offset => start.offset,
            theirs => start.theirs,
            reason => a.reason.as_str(),
            fee => a.amount.display(),
            meeting_link => a.zoom_link.clone(),
            passcode => notice.passcode.clone(),
            moved_from,
            before => match notice.kind {
                NoticeKind::Reminder { minutes_before } => Some(before_words(minutes_before)),
                _ => None,
            },
            can_change => notice.can_change,
            clinic_address => self.clinic_address.clone(),
            manage_url,
            book_again_url => format!("{base}/book?doctor_id={}", a.doctor_id),
            pay_url => notice.pay_now.then(|| format!("{base}/appointments/{}/pay", a.id)),
            paid_late => notice.paid_late,
        };
        let name = template(notice.kind);
        let render = |part: &str| {
            self.templates
                .render(&format!("email/{name}.{part}"), ctx.clone())
                .map_err(|e| RenderError(format!("{e:#}")))
        };
        let subject = render("subject.txt")?;
        let text = render("txt")?;
        let html = render("html")?;
        let invite = Invite {
            uid: format!("appointment-{}@{}", a.id, self.host),
            // Each invite must supersede the one before it in calendars.
            sequence: notice.invite_sequence,
            method: if notice.kind == NoticeKind::Cancellation {
                Method::Cancel
            } else {
                Method::Request
            },
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            issued_at: notice.issued_at,
            summary: format!("Consultation with {} ({})", a.doctor_name, self.clinic_name),
            description: format!("Reason: {}", a.reason.as_str()),
            location: a.zoom_link.clone(),
            url: a.zoom_link.clone(),
            organizer_name: self.organizer_name.clone(),
            organizer_email: self.organizer_email.clone(),
            attendee_name: patient.name.as_str().to_owned(),
            attendee_email: patient.email.as_str().to_owned(),
        };
        Ok(OutgoingMail {
            message_id: notice.message_id.clone(),
            to_name: patient.name.as_str().to_owned(),
            to_email: patient.email.as_str().to_owned(),
            subject: subject.trim().to_owned(),
            text,
            html,
            attachments: vec![invite.to_attachment()],
        })
    }

    fn render_for_doctor(&self, notice: &DoctorNotice<'_>) -> Result<OutgoingMail, RenderError> {
        let a = notice.appointment;
        let zone = notice.doctor_zone;
        let start = times::shown(a.starts_at, zone, None);
        let schedule_url = format!("{}/doctor", self.public_url.trim_end_matches('/'));
        let (name, moved_from) = match notice.kind {
            DoctorNoticeKind::Booked => ("doctor_booked", None),
            DoctorNoticeKind::Moved { from } => ("doctor_moved", Some(local_when(from, zone))),
            DoctorNoticeKind::Cancelled => ("doctor_cancelled", None),
        };
        let ctx = context! {
            clinic => self.clinic_name.clone(),
            doctor_name => a.doctor_name.clone(),
            patient_name => notice.patient_name,
            date => start.date,
            time => start.label,
            offset => start.offset,
            reason => a.reason.as_str(),
            moved_from,
            manage_url => schedule_url.clone(),
            schedule_url,
        };
        let render = |part: &str| {
            self.templates
                .render(&format!("email/{name}.{part}"), ctx.clone())
                .map_err(|e| RenderError(format!("{e:#}")))
        };
        Ok(OutgoingMail {
            message_id: notice.message_id.clone(),
            to_name: a.doctor_name.clone(),
            to_email: notice.doctor_email.as_str().to_owned(),
            subject: render("subject.txt")?.trim().to_owned(),
            text: render("txt")?,
            html: render("html")?,
            attachments: Vec::new(),
        })
    }
}
