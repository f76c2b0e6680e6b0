//! Reading the audit trail: filtered, newest first, a page at a time.

use crate::model::{AccountRef, PatientId};
use crate::ports::{AuditEntry, StoreError};
use async_trait::async_trait;
use jiff::Timestamp;

/// Which entries; every filter left `None` lets all through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub actor: Option<AccountRef>,
    /// Entries about the patient, their appointments or their payments.
    pub patient: Option<PatientId>,
    pub action: Option<String>,
    /// From this instant, inclusive.
    pub from: Option<Timestamp>,
    /// Before this instant.
    pub until: Option<Timestamp>,
}

/// One entry with its actor's name, when the actor still exists.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub entry: AuditEntry,
    pub actor_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    /// Entries matching the query, on every page.
    pub total: i64,
}

#[async_trait]
pub trait AuditSearch: Send + Sync {
    /// Matching entries, newest first.
    async fn search_audit(
        &self,
        query: &AuditQuery,
        limit: i64,
        offset: i64,
    ) -> Result<AuditPage, StoreError>;

    /// Every action name written so far, for the filter's choices.
    async fn audit_actions(&self) -> Result<Vec<String>, StoreError>;
}
