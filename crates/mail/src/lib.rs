//! Outgoing mail: the `.eml` file mailer (the default), the SMTP mailer, and
//! iCalendar invites.
//!
//! Messages are built with lettre as real RFC 5322 mail in one place
//! (`message`), so the files in the outbox open in any mail client and the
//! SMTP transport sends the very same bytes.

mod file_mailer;
pub mod ics;
mod message;
mod sender;
mod smtp_config;
mod smtp_mailer;

pub use file_mailer::{eml_file_name, FileMailer};
pub use ics::{Invite, Method};
pub use sender::{sender_parts, InvalidSender};
pub use smtp_config::{SmtpConfig, SmtpConfigError, SmtpTls};
pub use smtp_mailer::SmtpMailer;
