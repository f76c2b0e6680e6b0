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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::Templates;
    use consulta_domain::model::{AppointmentId, Currency, DoctorId, Money};
    use consulta_domain::ports::AccountMail;
    use jiff::tz::TimeZone;
    use jiff::Timestamp;
    use std::sync::Arc;

    fn bdt(minor: i64) -> Money {
        Money::new(minor, Currency::parse("BDT").unwrap())
    }

    fn render(kind: PaymentMailKind) -> OutgoingMail {
        let notices = TemplateNotices {
            templates: Arc::new(Templates::load().unwrap()),
            clinic_name: "Test Clinic".into(),
            clinic_address: "1 Road".into(),
            public_url: "https://clinic.example/".into(),
            host: "clinic.example".into(),
            organizer_name: "Test Clinic".into(),
            organizer_email: "no-reply@clinic.example".into(),
        };
        let mail = PaymentMail {
            kind,
            appointment: AppointmentId::new(9),
            doctor: DoctorId::new(2),
            doctor_name: "Dr. Karim".into(),
            starts_at: Timestamp::from_second(1_767_312_000).unwrap(),
            doctor_zone: TimeZone::get("Asia/Dhaka").unwrap(),
            patient_zone: Some(TimeZone::get("Europe/London").unwrap()),
            amount: bdt(150_000),
        };
        let mut out = notices
            .render_payment(
                &AccountNotice {
                    mail: AccountMail::Payment(&mail),
                    to_name: "Ayesha <Rahman>",
                    to_email: "ayesha@example.com",
                    message_id: "<m@clinic.example>".into(),
                },
                &mail,
            )
            .unwrap();
        out.html = out.html.replace("&#x2f;", "/");
        out
    }

    #[test]
    fn a_partial_refund_says_how_much_came_back_and_what_remains_paid() {
        let mail = render(PaymentMailKind::Refunded {
            refunded: bdt(50_000),
            total_refunded: bdt(80_000),
            still_paid: bdt(70_000),
        });
        for part in [&mail.text, &mail.html] {
            for amount in [bdt(50_000), bdt(80_000), bdt(70_000), bdt(150_000)] {
                assert!(part.contains(&amount.display()), "{amount:?} in {part}");
            }
            assert!(part.contains("Still paid"), "{part}");
            assert!(part.contains("Dr. Karim"), "{part}");
            assert!(part.contains("your time"), "both zones: {part}");
        }
        assert!(
            mail.subject.contains(&bdt(50_000).display()),
            "{}",
            mail.subject
        );
        assert!(mail.html.contains("Ayesha &lt;Rahman&gt;"), "escaped");
        assert!(mail.attachments.is_empty(), "no invite");
    }

    #[test]
    fn a_full_refund_says_so_and_a_failure_without_a_way_to_retry_says_that() {
        let full = render(PaymentMailKind::Refunded {
            refunded: bdt(150_000),
            total_refunded: bdt(150_000),
            still_paid: bdt(0),
        });
        assert!(full.text.contains("refunded in full"), "{}", full.text);
        assert!(!full.text.contains("Still paid"), "{}", full.text);
        let failed = render(PaymentMailKind::Failed {
            retry: false,
            hold_until: None,
        });
        for part in [&failed.text, &failed.html] {
            assert!(!part.contains("/pay"), "{part}");
            assert!(
                part.contains("https://clinic.example/appointments/9"),
                "{part}"
            );
        }
    }
}
