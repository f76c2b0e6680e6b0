//! The SMTP mailer: sends each mail to a submission server with lettre.

use crate::message::build_message;
use crate::sender::parse_sender;
use crate::smtp_config::{SmtpConfig, SmtpConfigError, SmtpTls};
use async_trait::async_trait;
use consulta_domain::ports::{MailError, Mailer, OutgoingMail};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;
use std::fmt;
use std::time::Duration;

/// Sends mail over SMTP, one connection per mail.
///
/// Only a 5xx reply from the server is permanent: that is the server's own
/// word that this mail will never be taken. Everything else (4xx replies,
/// refused connections, TLS failures, timeouts) is temporary, so the outbox
/// retries it with back-off before giving up.
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
            .tls(tls(config.tls, host)?)
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

fn tls(mode: SmtpTls, host: &str) -> Result<Tls, SmtpConfigError> {
    let parameters = || {
        TlsParameters::new(host.to_owned()).map_err(|e| SmtpConfigError::Tls {
            host: host.to_owned(),
            reason: e.to_string(),
        })
    };
    Ok(match mode {
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
