//! The default mailer: each mail becomes an `.eml` file in an outbox directory.

use crate::message::build_message;
use crate::sender::{parse_sender, InvalidSender};
use async_trait::async_trait;
use consulta_domain::ports::{MailError, Mailer, OutgoingMail};
use lettre::message::Mailbox;
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Longest readable part of a file name; the hash keeps it unique.
const MAX_READABLE_CHARS: usize = 100;

/// Writes every mail as an RFC 5322 `.eml` file instead of sending it.
///
/// The file is named after the Message-ID, so a retried job overwrites the
/// mail it wrote before rather than adding a second one. Files are written to
/// a temporary name and renamed, so a reader never sees half a mail.
#[derive(Debug, Clone)]
pub struct FileMailer {
    outbox_dir: PathBuf,
    from: Mailbox,
}

impl FileMailer {
    /// `from` is the sender, e.g. `Consulta Demo Clinic <no-reply@consulta.local>`.
    /// The directory is created on the first send if it does not exist.
    pub fn new(outbox_dir: impl Into<PathBuf>, from: &str) -> Result<Self, InvalidSender> {
        Self::with_sender(outbox_dir, from, None)
    }

    /// Like [`FileMailer::new`], with the sender given as the SMTP transport
    /// takes it: `from` is a bare address or `Name <address>`, and
    /// `from_name` names a bare one.
    pub fn with_sender(
        outbox_dir: impl Into<PathBuf>,
        from: &str,
        from_name: Option<&str>,
    ) -> Result<Self, InvalidSender> {
        Ok(Self {
            outbox_dir: outbox_dir.into(),
            from: parse_sender(from, from_name)?,
        })
    }

    pub fn outbox_dir(&self) -> &Path {
        &self.outbox_dir
    }

    /// Where the mail with this Message-ID is (or will be) written.
    pub fn path_for(&self, message_id: &str) -> PathBuf {
        self.outbox_dir.join(eml_file_name(message_id))
    }
}

#[async_trait]
impl Mailer for FileMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let bytes = build_message(&self.from, mail)?.formatted();
        let dir = self.outbox_dir.clone();
        let path = self.path_for(&mail.message_id);
        let shown = path.display().to_string();
        tokio::task::spawn_blocking(move || write_atomically(&dir, &path, &bytes))
            .await
            .map_err(|e| MailError::Temporary(format!("writing {shown} did not finish: {e}")))?
            .map_err(|e| MailError::Temporary(format!("cannot write {shown}: {e}")))
    }
}

/// The file name for a Message-ID: its safe characters, readable, then a hash
/// of the whole id so that two ids never share a file, then `.eml`.
///
/// `<appointment-7-confirmation-1@consulta.local>` becomes
/// `appointment-7-confirmation-1@consulta.local-<16 hex digits>.eml`.
pub fn eml_file_name(message_id: &str) -> String {
    let bare = message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let readable: String = bare
        .chars()
        .take(MAX_READABLE_CHARS)
        .enumerate()
        .map(|(i, c)| match c {
            // A leading dot would hide the file; temporary files start with one.
            '.' if i == 0 => '_',
            c if c.is_ascii_alphanumeric() || "-_.@+=".contains(c) => c,
            _ => '_',
        })
        .collect();
    let digest = hex::encode(Sha256::digest(bare.as_bytes()));
    format!("{readable}-{}.eml", &digest[..16])
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// flushed to disk before the rename and the rename flushed after it.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".")
        .suffix(".eml.tmp")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_keeps_the_readable_id_and_adds_a_hash() {
        let name = eml_file_name("<appointment-7-confirmation-1@consulta.local>");
        let hash = name
            .strip_prefix("appointment-7-confirmation-1@consulta.local-")
            .and_then(|rest| rest.strip_suffix(".eml"))
            .unwrap();
        assert_eq!(hash.len(), 16, "{name}");
    }

    #[test]
    fn the_same_id_gives_the_same_name_with_or_without_brackets() {
        assert_eq!(eml_file_name("<a-1@host>"), eml_file_name("<a-1@host>"));
        assert_eq!(eml_file_name("<a-1@host>"), eml_file_name("a-1@host"));
    }

    #[test]
    fn ids_that_sanitise_alike_still_get_different_names() {
        assert_ne!(eml_file_name("<a/b@host>"), eml_file_name("<a_b@host>"));
    }

    #[test]
    fn a_hostile_id_cannot_leave_the_directory_or_hide_the_file() {
        let cases = [
            "<../../etc/passwd>",
            "<..>",
            "<.hidden@host>",
            "<a\\b@host>",
            "<a\0b@host>",
            "<ডাক@host>",
        ];
        for id in cases {
            let name = eml_file_name(id);
            assert!(!name.contains('/'), "{id:?} gave {name:?}");
            assert!(!name.contains('\\'), "{id:?} gave {name:?}");
            assert!(!name.starts_with('.'), "{id:?} gave {name:?}");
            assert!(
                name.bytes().all(|b| b.is_ascii_graphic()),
                "{id:?} gave {name:?}"
            );
        }
    }

    #[test]
    fn a_very_long_id_gives_a_name_of_bounded_length() {
        let long = format!("<{}@host>", "x".repeat(5000));
        assert!(eml_file_name(&long).len() <= MAX_READABLE_CHARS + 1 + 16 + 4);
    }
}
