//! The SMTP mailer: sends each mail to a submission server with lettre.

use crate::message::build_message;
use crate::sender::parse_sender;
use crate::smtp_config::{SmtpConfig, SmtpConfigError, SmtpTls};
use async_trait::async_trait;
use consulta_domain::ports::{MailError, Mailer, OutgoingMail};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;
use std::fmt;
use std::time::Duration;

/// Sends mail over SMTP, one connection per mail.
///
/// Permanent errors are a 5xx reply (the server's own word that this mail
/// will never be taken; 535 means the account settings are wrong) and a mail
/// that cannot be built at all. Everything else (4xx replies, refused
/// connections, TLS failures, timeouts) is temporary, so the outbox retries
/// it with back-off before giving up.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `host:port`, to say which server an error came from.
    server: String,
    tls: SmtpTls,
    timeout: Duration,
}

impl SmtpMailer {
    /// Checks the settings and prepares the transport; nothing connects until
    /// the first send.
    pub fn new(config: &SmtpConfig) -> Result<Self, SmtpConfigError> {
        let from = parse_sender(&config.from, config.from_name.as_deref())?;
        let host = config.host.trim();
        if host.is_empty() {
            return Err(SmtpConfigError::MissingHost);
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.port)
            .tls(tls(config, host)?)
            // lettre bounds only the TCP connect with this; `send` bounds the rest.
            .timeout(Some(config.timeout));
        if let Some(credentials) = credentials(config)? {
            builder = builder.credentials(credentials);
        }
        Ok(Self {
            transport: builder.build(),
            from,
            server: format!("{host}:{}", config.port),
            tls: config.tls,
            timeout: config.timeout,
        })
    }
}

fn tls(config: &SmtpConfig, host: &str) -> Result<Tls, SmtpConfigError> {
    let parameters = || {
        let mut builder = TlsParameters::builder(host.to_owned());
        if let Some(pem) = &config.root_certificate_pem {
            // lettre takes text without any certificate in it as an empty list.
            if !pem.contains("-----BEGIN CERTIFICATE-----") {
                return Err(SmtpConfigError::InvalidRootCertificate(
                    "no BEGIN CERTIFICATE block".to_owned(),
                ));
            }
            let certificate = Certificate::from_pem(pem.as_bytes())
                .map_err(|e| SmtpConfigError::InvalidRootCertificate(e.to_string()))?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build().map_err(|e| SmtpConfigError::Tls {
            host: host.to_owned(),
            reason: e.to_string(),
        })
    };
    Ok(match config.tls {
        // Required, not Opportunistic: a server (or someone in between) that
        // hides STARTTLS must not get the password or the mail in plaintext.
        SmtpTls::StartTls => Tls::Required(parameters()?),
        SmtpTls::Tls => Tls::Wrapper(parameters()?),
        SmtpTls::None => Tls::None,
    })
}

fn credentials(config: &SmtpConfig) -> Result<Option<Credentials>, SmtpConfigError> {
    match (&config.username, &config.password) {
        (Some(username), Some(password)) => Ok(Some(Credentials::new(
            username.clone(),
            password.expose_secret().to_owned(),
        ))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(SmtpConfigError::IncompleteCredentials {
            given: "username",
            missing: "password",
        }),
        (None, Some(_)) => Err(SmtpConfigError::IncompleteCredentials {
            given: "password",
            missing: "username",
        }),
    }
}

impl fmt::Debug for SmtpMailer {
    // The transport holds the password; show only what identifies the mailer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        // lettre's async transport has no timeout for replies: a server that
        // accepts the connection and then says nothing would hang the job.
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_accepted)) => Ok(()),
            Ok(Err(error)) => Err(self.classify(mail, &error)),
            Err(_elapsed) => Err(MailError::Temporary(format!(
                "SMTP server {} did not finish taking mail {} within {:?}",
                self.server, mail.message_id, self.timeout
            ))),
        }
    }
}

impl SmtpMailer {
    /// Maps lettre's error to the port's, keeping the server's reply (code
    /// and text) in the message for the admin panel.
    fn classify(&self, mail: &OutgoingMail, error: &lettre::transport::smtp::Error) -> MailError {
        let server = &self.server;
        let what = format!("mail {} to {}", mail.message_id, mail.to_email);
        if error.is_permanent() {
            MailError::Permanent(format!("SMTP server {server} refused {what}: {error}"))
        } else if error.is_transient() {
            MailError::Temporary(format!("SMTP server {server} deferred {what}: {error}"))
        } else if error.is_timeout() {
            MailError::Temporary(format!("SMTP server {server} timed out on {what}: {error}"))
        } else if self.tls == SmtpTls::StartTls && error.to_string().contains("STARTTLS") {
            // Temporary like any TLS failure: it is as likely someone on the
            // path stripping STARTTLS as a misconfiguration, and the bounded
            // retries still end in the dead-letter list with this text.
            MailError::Temporary(format!(
                "SMTP server {server} does not offer STARTTLS, which tls = starttls requires; \
                 nothing was sent for {what} ({error})"
            ))
        } else {
            // Connection refused, TLS failures, a reply that does not parse:
            // nothing says the mail itself is unsendable, so it is retried.
            MailError::Temporary(format!(
                "cannot send {what} through SMTP server {server}: {error}"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn config() -> SmtpConfig {
        SmtpConfig {
            host: "smtp.clinic.example".to_owned(),
            port: 587,
            tls: SmtpTls::StartTls,
            root_certificate_pem: None,
            username: Some("consulta".to_owned()),
            password: Some(SecretString::from("hunter2")),
            from: "no-reply@clinic.example".to_owned(),
            from_name: Some("Consulta Clinic".to_owned()),
            timeout: Duration::from_secs(30),
        }
    }

    #[test]
    fn every_tls_mode_with_or_without_credentials_is_accepted() {
        for tls in [SmtpTls::StartTls, SmtpTls::Tls, SmtpTls::None] {
            assert!(SmtpMailer::new(&SmtpConfig { tls, ..config() }).is_ok());
            let anonymous = SmtpConfig {
                tls,
                username: None,
                password: None,
                ..config()
            };
            assert!(SmtpMailer::new(&anonymous).is_ok());
        }
    }

    #[test]
    fn settings_that_cannot_work_are_refused_with_the_setting_named() {
        let cases = [
            (
                SmtpConfig {
                    from: "Consulta Clinic".to_owned(),
                    ..config()
                },
                "\"Consulta Clinic\"",
                "a sender without an address",
            ),
            (
                SmtpConfig {
                    root_certificate_pem: Some("not a certificate".to_owned()),
                    ..config()
                },
                "root certificate",
                "a root certificate that is not PEM",
            ),
            (
                SmtpConfig {
                    host: "  ".to_owned(),
                    ..config()
                },
                "host",
                "an empty host",
            ),
            (
                SmtpConfig {
                    password: None,
                    ..config()
                },
                "username is set but the password is not",
                "a username alone",
            ),
            (
                SmtpConfig {
                    username: None,
                    ..config()
                },
                "password is set but the username is not",
                "a password alone",
            ),
        ];
        for (config, expected, why) in cases {
            let error = SmtpMailer::new(&config).unwrap_err();
            assert!(error.to_string().contains(expected), "{why}: {error}");
        }
    }

    #[test]
    fn the_debug_form_shows_the_server_and_never_the_password() {
        let shown = format!("{:?}", SmtpMailer::new(&config()).unwrap());
        assert!(shown.contains("smtp.clinic.example:587"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn each_tls_mode_names_its_usual_port() {
        assert_eq!(SmtpTls::StartTls.default_port(), 587);
        assert_eq!(SmtpTls::Tls.default_port(), 465);
        assert_eq!(SmtpTls::None.default_port(), 25);
    }
}
