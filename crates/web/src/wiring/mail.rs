//! The mailer: .eml files in data_dir/outbox (the default) or SMTP.

use super::missing;
use crate::config::{ConfigError, MailTransport, Settings, SmtpTls as TlsSetting};
use crate::startup::StartupError;
use consulta_domain::ports::Mailer;
use consulta_mail::{FileMailer, SmtpConfig, SmtpMailer, SmtpTls};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

/// The longest one SMTP delivery may take before it is retried later.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

pub fn mailer(settings: &Settings) -> Result<Arc<dyn Mailer>, StartupError> {
    let smtp = &settings.mail.smtp;
    let from_name = non_empty(&smtp.from_name);
    match settings.mail.transport {
        MailTransport::File => Ok(Arc::new(
            FileMailer::with_sender(
                settings.data_dir.join("outbox"),
                &smtp.from,
                from_name.as_deref(),
            )
            .map_err(|e| ConfigError(format!("`mail.smtp.from`: {e}")))?,
        )),
        MailTransport::Smtp => {
            if smtp.host.trim().is_empty() {
                return Err(missing("mail.smtp.host", "when mail.transport is \"smtp\"").into());
            }
            let config = SmtpConfig {
                host: smtp.host.trim().to_owned(),
                port: smtp.port,
                tls: match smtp.tls {
                    TlsSetting::Starttls => SmtpTls::StartTls,
                    TlsSetting::Tls => SmtpTls::Tls,
                    TlsSetting::None => SmtpTls::None,
                },
                root_certificate_pem: None,
                username: non_empty(&smtp.username),
                password: (!smtp.password.is_empty())
                    .then(|| SecretString::from(smtp.password.expose().to_owned())),
                from: smtp.from.clone(),
                from_name,
                timeout: SMTP_TIMEOUT,
            };
            Ok(Arc::new(
                SmtpMailer::new(&config).map_err(|e| ConfigError(format!("`mail.smtp`: {e}")))?,
            ))
        }
    }
}
