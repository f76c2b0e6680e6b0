//! What the SMTP mailer needs to know: the server, its TLS mode, the account
//! and the sender.

use crate::sender::InvalidSender;
use secrecy::SecretString;
use std::time::Duration;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connect, then a required `STARTTLS` upgrade before anything else
    /// is sent (submission, usually port 587). A server that does not offer
    /// STARTTLS gets nothing: no fallback to plaintext.
    StartTls,
    /// TLS from the first byte (submissions, usually port 465).
    Tls,
    /// No encryption at all: only for a relay on the same host or a test sink.
    None,
}

impl SmtpTls {
    /// The port usually served in this mode (RFC 6409, RFC 8314, RFC 5321).
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
            SmtpTls::None => 25,
        }
    }
}

/// Settings for [`crate::SmtpMailer`].
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Server host name; with TLS, the name its certificate must carry.
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// A CA certificate (PEM) to trust besides the public roots, for a relay
    /// whose certificate a private CA signed; `None` for a public provider.
    /// Unused with `SmtpTls::None`.
    pub root_certificate_pem: Option<String>,
    /// Authentication is used when both the username and the password are set.
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// A bare address (`no-reply@clinic.example`) or `Name <address>`.
    pub from: String,
    /// The display name for a bare `from` address.
    pub from_name: Option<String>,
    /// The longest one mail may take, from connecting to the server's last
    /// reply; a server that stops answering fails the send when it passes.
    pub timeout: Duration,
}

/// The SMTP settings cannot work; each variant names the setting at fault.
#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    #[error(transparent)]
    InvalidSender(#[from] InvalidSender),
    #[error("the SMTP host is empty")]
    MissingHost,
    #[error("the SMTP {given} is set but the {missing} is not; set both or neither")]
    IncompleteCredentials {
        given: &'static str,
        missing: &'static str,
    },
    #[error("the SMTP root certificate is not a PEM certificate: {0}")]
    InvalidRootCertificate(String),
    #[error("cannot set up TLS for SMTP host {host:?}: {reason}")]
    Tls { host: String, reason: String },
}
