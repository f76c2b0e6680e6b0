//! Outgoing mail: the `.eml` file mailer (the default) and iCalendar invites.
//!
//! Messages are built with lettre as real RFC 5322 mail, so the files in the
//! outbox open in any mail client and an SMTP transport can send the same bytes.

mod file_mailer;
pub mod ics;
mod message;

pub use file_mailer::{eml_file_name, FileMailer};
pub use ics::{Invite, Method};
pub use message::InvalidSender;
