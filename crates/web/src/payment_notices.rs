//! The mails about paying for an appointment, rendered from templates/email/
//! like the receipt (a subject, a plain-text and an HTML part): a payment
//! that failed, a hold that ran out, a refund, and the refund of a payment
//! that came after its slot was gone.

use crate::notices::TemplateNotices;
use crate::views::times;
use consulta_domain::ports::{
    AccountNotice, OutgoingMail, PaymentMail, PaymentMailKind, RenderError,
};
use minijinja::{context, Value};

fn template(kind: &PaymentMailKind) -> &'static str {
    match kind {
        PaymentMailKind::Failed { .. } => "payment_failed",
        PaymentMailKind::HoldExpired => "hold_expired",
        PaymentMailKind::Refunded { .. } => "refund",
        PaymentMailKind::LateRefunded { .. } => "late_refund",
    }
}

impl TemplateNotices {
    pub(crate) fn render_payment(
        &self,
        notice: &AccountNotice<'_>,
        mail: &PaymentMail,
    ) -> Result<OutgoingMail, RenderError> {
        let base = self.public_url.trim_end_matches('/');
        let zone = &mail.doctor_zone;
        let start = times::shown(mail.starts_at, zone, mail.patient_zone.as_ref());
        let kind: Value = match &mail.kind {
            PaymentMailKind::Failed { retry, hold_until } => context! {
                pay_url => retry.then(|| format!("{base}/appointments/{}/pay", mail.appointment)),
                hold_until => hold_until.map(|until| {
                    let shown = times::shown(until, zone, mail.patient_zone.as_ref());
                    match shown.theirs {
                        Some(theirs) => format!("{} ({theirs} your time)", shown.label),
                        None => shown.label,
                    }
                }),
            },
            PaymentMailKind::HoldExpired => context! {},
            PaymentMailKind::Refunded {
                refunded,
                total_refunded,
                still_paid,
            } => context! {
                refunded => refunded.display(),
                total_refunded => total_refunded.display(),
                still_paid => still_paid.display(),
                in_full => still_paid.minor() == 0,
                several => total_refunded != refunded,
            },
            PaymentMailKind::LateRefunded { refunded } => context! {
                refunded => refunded.display(),
            },
        };
        let ctx = context! {
            clinic => self.clinic_name.clone(),
            clinic_address => self.clinic_address.clone(),
            name => notice.to_name,
            doctor_name => mail.doctor_name.clone(),
            date => start.date,
            time => start.label,
            theirs => start.theirs,
            amount => mail.amount.display(),
            appointment_url => format!("{base}/appointments/{}", mail.appointment),
            book_again_url => format!("{base}/book?doctor_id={}", mail.doctor),
            payment => kind,
        };
        let name = template(&mail.kind);
        let render = |part: &str| {
            self.templates
                .render(&format!("email/{name}.{part}"), ctx.clone())
                .map_err(|e| RenderError(format!("{e:#}")))
        };
        Ok(OutgoingMail {
            message_id: notice.message_id.clone(),
            to_name: notice.to_name.to_owned(),
            to_email: notice.to_email.to_owned(),
            subject: render("subject.txt")?.trim().to_owned(),
            text: render("txt")?,
            html: render("html")?,
            attachments: Vec::new(),
        })
    }
}
