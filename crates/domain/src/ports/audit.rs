//! The append-only audit trail of sensitive actions.

use crate::model::AccountRef;
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: Timestamp,
    /// Who did it; `None` for the system or the command line.
    pub actor: Option<AccountRef>,
    /// What was done, e.g. "admin.created", "patient.viewed".
    pub action: String,
    /// Whose record it concerns, e.g. "patient:42".
    pub subject: Option<String>,
    pub client: Option<String>,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    async fn record(&self, entry: AuditEntry) -> Result<(), StoreError>;

    /// The newest entries first.
    async fn recent(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>, StoreError>;
}
