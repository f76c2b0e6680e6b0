//! Sending email (SMTP in production, .eml files by default).

use async_trait::async_trait;

#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct OutgoingMail {
    /// Stable per effect (e.g. `<appointment-7-confirmation-1@host>`), so a
    /// retried job is recognisable as the same mail.
    pub message_id: String,
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail temporarily failed: {0}")]
    Temporary(String),
    #[error("mail refused: {0}")]
    Permanent(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}
