//! Turning a mail about an account (welcome, a verification or reset link, a
//! receipt) into a mail; the words live in templates outside the core.

use crate::model::Receipt;
use crate::ports::{AdminAlertFacts, OutgoingMail, RenderError};
use jiff::SignedDuration;

/// Which account mail, with what only it says.
#[derive(Debug, Clone)]
pub enum AccountMail<'a> {
    /// After registration, with the verification link.
    Welcome {
        verify_path: String,
    },
    /// The verification link again.
    Verification {
        verify_path: String,
    },
    /// A reset link and how long it works.
    PasswordReset {
        reset_path: String,
        valid_for: SignedDuration,
    },
    Receipt(&'a Receipt),
    /// To an admin: a job died or a payment was flagged.
    AdminAlert(&'a AdminAlertFacts),
}

#[derive(Debug, Clone)]
pub struct AccountNotice<'a> {
    pub mail: AccountMail<'a>,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub message_id: String,
}

pub trait AccountNoticeRenderer: Send + Sync {
    fn render_account(&self, notice: &AccountNotice<'_>) -> Result<OutgoingMail, RenderError>;
}
