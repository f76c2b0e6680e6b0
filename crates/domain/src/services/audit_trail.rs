//! The audit log as admins read it: filters by actor, patient, action and
//! the clinic's days, newest first, a page at a time in the store.

use crate::model::{AccountRef, Email, PatientId};
use crate::ports::{AccountStore, AuditPage, AuditQuery, AuditSearch, StoreError};
use crate::services::Cause;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::sync::Arc;

pub const PER_PAGE: i64 = 50;

/// The filters as typed; empty means "any".
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// An email address, or an account as the log shows it (`staff:3`).
    pub actor: String,
    /// A patient's id, or their email address.
    pub patient: String,
    pub action: String,
    /// The clinic's days, YYYY-MM-DD, both included.
    pub from: String,
    pub to: String,
    pub page: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditFilterError {
    #[error("{0}")]
    Invalid(&'static str, String),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for AuditFilterError {
    fn from(error: StoreError) -> Self {
        AuditFilterError::Unexpected(error.into())
    }
}

#[derive(Debug, Clone)]
pub struct AuditLogPage {
    pub found: AuditPage,
    pub page: i64,
    pub pages: i64,
}

#[derive(Clone)]
pub struct AuditTrail {
    search: Arc<dyn AuditSearch>,
    accounts: Arc<dyn AccountStore>,
    zone: TimeZone,
}

fn invalid(field: &'static str, message: impl Into<String>) -> AuditFilterError {
    AuditFilterError::Invalid(field, message.into())
}

fn day(field: &'static str, text: &str) -> Result<Option<Date>, AuditFilterError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Date>()
        .map(Some)
        .map_err(|_| invalid(field, "Enter a date as YYYY-MM-DD."))
}

impl AuditTrail {
    pub fn new(
        search: Arc<dyn AuditSearch>,
        accounts: Arc<dyn AccountStore>,
        zone: TimeZone,
    ) -> Self {
        Self {
            search,
            accounts,
            zone,
        }
    }

    /// The account an email address or a `kind:id` names; `None` when none does.
    async fn account(
        &self,
        field: &'static str,
        text: &str,
    ) -> Result<Option<AccountRef>, AuditFilterError> {
        let text = text.trim();
        if let Some((kind, id)) = text.split_once(':') {
            if let Some(account) = id
                .parse()
                .ok()
                .and_then(|id| AccountRef::from_parts(kind, id))
            {
                return Ok(Some(account));
            }
        }
        let email = Email::parse(text).map_err(|_| {
            invalid(
                field,
                "Enter an email address, or an account as the log shows it (staff:3).",
            )
        })?;
        Ok(self.accounts.find_login(&email).await?.map(|r| r.account))
    }

    async fn query(&self, filter: &AuditFilter) -> Result<Option<AuditQuery>, AuditFilterError> {
        let from = day("from", &filter.from)?;
        let to = day("to", &filter.to)?;
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                return Err(invalid("to", "The date range ends before it starts."));
            }
        }
        let start = |day: Date| day.to_zoned(self.zone.clone()).ok().map(|z| z.timestamp());
        let mut query = AuditQuery {
            from: from.and_then(start),
            until: to.and_then(|d| d.tomorrow().ok()).and_then(start),
            action: Some(filter.action.trim().to_owned()).filter(|a| !a.is_empty()),
            ..AuditQuery::default()
        };
        if query.action.as_ref().is_some_and(|a| a.len() > 100) {
            return Err(invalid("action", "No action has a name that long."));
        }
        if !filter.actor.trim().is_empty() {
            match self.account("actor", &filter.actor).await? {
                Some(actor) => query.actor = Some(actor),
                // Nobody by that address did anything.
                None => return Ok(None),
            }
        }
        let patient = filter.patient.trim();
        if !patient.is_empty() {
            query.patient = match patient.parse::<i64>() {
                Ok(id) if id > 0 => Some(PatientId::new(id)),
                _ => match self.account("patient", patient).await? {
                    Some(AccountRef::Patient(id)) => Some(id),
                    _ => return Ok(None),
                },
            };
        }
        Ok(Some(query))
    }

    /// One page, newest first; a page past the last shows the last.
    pub async fn page(&self, filter: &AuditFilter) -> Result<AuditLogPage, AuditFilterError> {
        let Some(query) = self.query(filter).await? else {
            return Ok(AuditLogPage {
                found: AuditPage {
                    records: Vec::new(),
                    total: 0,
                },
                page: 1,
                pages: 1,
            });
        };
        let page = filter.page.max(1);
        let mut found = self
            .search
            .search_audit(&query, PER_PAGE, (page - 1).saturating_mul(PER_PAGE))
            .await?;
        let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
        if page > pages {
            found = self
                .search
                .search_audit(&query, PER_PAGE, (pages - 1) * PER_PAGE)
                .await?;
        }
        Ok(AuditLogPage {
            found,
            page: page.min(pages),
            pages,
        })
    }

    pub async fn actions(&self) -> Result<Vec<String>, StoreError> {
        self.search.audit_actions().await
    }
}
