//! The mails about accounts, rendered from templates/email/ (a subject, a
//! plain-text and an HTML part): welcome with the verification link, the
//! link again, a password reset link, a payment receipt. Implements the
//! domain's `AccountNoticeRenderer` on the same settings as the appointment mails.

use crate::notices::TemplateNotices;
use consulta_domain::ports::{
    AccountMail, AccountNotice, AccountNoticeRenderer, AdminAlertFacts, OutgoingMail, RenderError,
};
use jiff::tz::TimeZone;
use minijinja::context;

fn template(mail: &AccountMail<'_>) -> &'static str {
    match mail {
        AccountMail::Welcome { .. } => "welcome",
        AccountMail::Verification { .. } => "verify_email",
        AccountMail::PasswordReset { .. } => "password_reset",
        AccountMail::Receipt(_) => "receipt",
        AccountMail::Payment(_) => "payment",
        AccountMail::AdminAlert(_) => "admin_alert",
    }
}

/// "60 minutes", "1 hour", "2 hours"
fn duration_words(minutes: i64) -> String {
    match minutes {
        60 => "1 hour".to_owned(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        1 => "1 minute".to_owned(),
        m => format!("{m} minutes"),
    }
}

/// What an admin alert says, and the admin page that shows the trouble.
fn alert_value(base: &str, facts: &AdminAlertFacts) -> minijinja::Value {
    match facts {
        AdminAlertFacts::DeadJob {
            job,
            kind,
            appointment,
            reason,
        } => context! {
            dead_job => true,
            job => job.get(),
            what => kind.label(),
            appointment => appointment.map(|a| a.get()),
            reason => reason.clone(),
            url => format!("{base}/admin/jobs?state=dead"),
        },
        AdminAlertFacts::FlaggedPayment {
            payment,
            appointment,
            reason,
        } => context! {
            dead_job => false,
            payment => payment.get(),
            appointment => appointment.get(),
            reason => reason.clone(),
            url => format!("{base}/admin/payments?attention=1"),
        },
    }
}

impl AccountNoticeRenderer for TemplateNotices {
    fn render_account(&self, notice: &AccountNotice<'_>) -> Result<OutgoingMail, RenderError> {
        if let AccountMail::Payment(mail) = &notice.mail {
            return self.render_payment(notice, mail);
        }
        let base = self.public_url.trim_end_matches('/');
        let (link, valid_for, receipt) = match &notice.mail {
            AccountMail::Welcome { verify_path } | AccountMail::Verification { verify_path } => {
                (Some(format!("{base}{verify_path}")), None, None)
            }
            AccountMail::PasswordReset {
                reset_path,
                valid_for,
            } => (
                Some(format!("{base}{reset_path}")),
                Some(duration_words(valid_for.as_mins())),
                None,
            ),
            AccountMail::AdminAlert(_) => (None, None, None),
            AccountMail::Receipt(r) => {
                // The patient's own zone, else UTC, named beside each time.
                let zone = r
                    .patient_zone
                    .as_deref()
                    .and_then(|name| TimeZone::get(name).ok())
                    .unwrap_or(TimeZone::UTC);
                let at = |t: jiff::Timestamp| {
                    format!(
                        "{}, {}",
                        crate::views::times::long_date(t, &zone),
                        crate::views::times::time_with_place(t, &zone)
                    )
                };
                (
                    None,
                    None,
                    Some(context! {
                        amount => r.amount.display(),
                        provider => r.provider.clone(),
                        transaction => r.transaction.clone(),
                        paid_at => at(r.paid_at),
                        doctor_name => r.doctor_name.clone(),
                        consultation => at(r.starts_at),
                        payment => r.payment.get(),
                        appointment_url => format!("{base}/appointments/{}", r.appointment),
                        invoice => r.invoice.map(|n| n.to_string()),
                        invoice_url => r.invoice.map(|n| format!("{base}/invoices/{n}")),
                    }),
                )
            }
            AccountMail::Payment(_) => (None, None, None),
        };
        let alert = match &notice.mail {
            AccountMail::AdminAlert(facts) => Some(alert_value(base, facts)),
            _ => None,
        };
        let ctx = context! {
            alert,
            clinic => self.clinic_name.clone(),
            clinic_address => self.clinic_address.clone(),
            name => notice.to_name,
            link,
            valid_for,
            receipt,
            forgot_url => format!("{base}/password/forgot"),
        };
        let name = template(&notice.mail);
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
    use consulta_domain::model::{
        AppointmentId, Currency, InvoiceNumber, Money, PatientId, PaymentId, Receipt,
    };
    use jiff::Timestamp;
    use std::sync::Arc;

    fn notices() -> TemplateNotices {
        TemplateNotices {
            templates: Arc::new(Templates::load().unwrap()),
            clinic_name: "Test Clinic".into(),
            clinic_address: "1 Road".into(),
            public_url: "https://clinic.example/".into(),
            host: "clinic.example".into(),
            organizer_name: "Test Clinic".into(),
            organizer_email: "no-reply@clinic.example".into(),
        }
    }

    fn render(mail: AccountMail<'_>) -> OutgoingMail {
        notices()
            .render_account(&AccountNotice {
                mail,
                to_name: "Ayesha <Rahman>",
                to_email: "ayesha@example.com",
                message_id: "<m@clinic.example>".into(),
            })
            .unwrap()
    }

    #[test]
    fn a_receipt_names_the_amount_the_provider_and_the_transaction_in_both_parts() {
        let receipt = Receipt {
            payment: PaymentId::new(3),
            appointment: AppointmentId::new(9),
            patient: PatientId::new(1),
            amount: Money::new(150_000, Currency::parse("BDT").unwrap()),
            provider: "bKash".into(),
            transaction: Some("TRX8N7A2".into()),
            paid_at: Timestamp::from_second(1_767_225_600).unwrap(),
            doctor_name: "Dr. Karim".into(),
            starts_at: Timestamp::from_second(1_767_312_000).unwrap(),
            invoice: InvoiceNumber::new(2026, 7),
            patient_zone: Some("Asia/Dhaka".into()),
        };
        let mail = render(AccountMail::Receipt(&receipt));
        assert!(
            mail.text.contains("Friday 2 January 2026, 06:00 Dhaka"),
            "the consultation in the patient's own zone: {}",
            mail.text
        );
        let amount = receipt.amount.display();
        // minijinja escapes '/' in HTML; browsers read it back.
        let html = mail.html.replace("&#x2f;", "/");
        for part in [&mail.text, &html] {
            assert!(part.contains(&amount), "amount {amount} in {part}");
            assert!(
                part.contains("bKash") && part.contains("TRX8N7A2"),
                "{part}"
            );
            assert!(part.contains("Dr. Karim"), "{part}");
            assert!(
                part.contains("https://clinic.example/appointments/9"),
                "{part}"
            );
            assert!(
                part.contains("https://clinic.example/invoices/INV-2026-000007"),
                "the invoice is linked: {part}"
            );
        }
        assert!(mail.subject.contains("Receipt"), "{}", mail.subject);
        assert!(
            mail.html.contains("Ayesha &lt;Rahman&gt;"),
            "HTML is escaped"
        );
        assert!(mail.attachments.is_empty());
    }

    #[test]
    fn a_reset_mail_holds_the_link_and_says_how_long_it_works() {
        let mail = render(AccountMail::PasswordReset {
            reset_path: "/password/reset/abc".into(),
            valid_for: jiff::SignedDuration::from_mins(60),
        });
        let html = mail.html.replace("&#x2f;", "/");
        for part in [&mail.text, &html] {
            assert!(
                part.contains("https://clinic.example/password/reset/abc"),
                "{part}"
            );
            assert!(part.contains("1 hour"), "{part}");
        }
    }
}
