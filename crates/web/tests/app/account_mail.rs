//! Reading the account mails (welcome, verification, reset) a test caused:
//! who each went to, and the path of the link it holds.

use crate::helpers::TestApp;

pub struct AccountMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// Every account mail in the outbox (appointment mails left out).
pub fn account_mails(app: &TestApp) -> Vec<AccountMail> {
    let appointment = app.appointment_mails();
    app.mails()
        .into_iter()
        .filter(|raw| !appointment.contains(raw))
        .map(|raw| {
            let message = mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap();
            let to = message
                .to()
                .and_then(|to| to.first())
                .and_then(|addr| addr.address())
                .unwrap_or_default()
                .to_owned();
            AccountMail {
                to,
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
            }
        })
        .collect()
}

/// The path of the first link starting with `prefix` (e.g. "/password/reset/")
/// in the mails to `to`, newest last.
pub fn links_to(app: &TestApp, to: &str, prefix: &str) -> Vec<String> {
    account_mails(app)
        .into_iter()
        .filter(|mail| mail.to == to)
        .filter_map(|mail| {
            let start = mail.text.find(prefix)?;
            let path: String = mail.text[start..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            Some(path)
        })
        .collect()
}
