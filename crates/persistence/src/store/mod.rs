//! The repositories: one `SqliteStore` implementing the domain's store ports.

mod account_tokens;
mod accounts;
mod admin_alerts;
mod appointment_rows;
mod appointment_search;
mod attempts;
mod audit;
mod audit_search;
mod booking;
mod booking_checks;
mod booking_writes;
mod clinic_payments;
mod credentials;
mod date_overrides;
mod doctor_rows;
mod doctors;
mod email_owner;
mod invoice_rows;
mod job_rows;
mod outbox;
mod overview;
mod patient_admin;
mod patient_rows;
mod patient_search;
mod patients;
mod payment_event_write;
mod payment_rows;
mod payment_writes;
mod payments;
mod receipts;
mod reports;
mod sessions;
mod staff;
mod token_rows;

use crate::data_key::DataKey;
use crate::db::{Database, DatabaseError};
use consulta_domain::ports::ClinicPaymentStore;
use consulta_domain::ports::ReportStore;
use consulta_domain::ports::StaffStore;
use consulta_domain::ports::StoreError;
use consulta_domain::ports::{
    AccountStore, AccountTokenStore, AppointmentSearch, AttemptStore, AuditLog, BookingStore,
    DoctorStore, Outbox, PaymentStore, ReceiptStore, SessionStore,
};
use consulta_domain::ports::{AdminAlertStore, AuditSearch, ClinicOverview, PatientAdminStore};
use std::fmt::Display;
use std::sync::Arc;

/// Every store port on one SQLite database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: Database,
    key: DataKey,
}

/// The ports as the services take them.
#[derive(Clone)]
pub struct Ports {
    pub accounts: Arc<dyn AccountStore>,
    pub sessions: Arc<dyn SessionStore>,
    pub attempts: Arc<dyn AttemptStore>,
    pub audit: Arc<dyn AuditLog>,
    pub doctors: Arc<dyn DoctorStore>,
    pub booking: Arc<dyn BookingStore>,
    pub outbox: Arc<dyn Outbox>,
    pub appointment_search: Arc<dyn AppointmentSearch>,
    pub tokens: Arc<dyn AccountTokenStore>,
    pub receipts: Arc<dyn ReceiptStore>,
    pub payments: Arc<dyn PaymentStore>,
    pub clinic_payments: Arc<dyn ClinicPaymentStore>,
    pub staff: Arc<dyn StaffStore>,
    pub patient_admin: Arc<dyn PatientAdminStore>,
    pub audit_search: Arc<dyn AuditSearch>,
    pub overview: Arc<dyn ClinicOverview>,
    pub admin_alerts: Arc<dyn AdminAlertStore>,
    pub reports: Arc<dyn ReportStore>,
}

impl SqliteStore {
    /// Errors: `DataKeyMissing` when the database was opened without a data
    /// key, since patients' medical histories cannot be read or written then.
    pub fn new(db: Database) -> Result<Self, DatabaseError> {
        let key = db
            .data_key()
            .cloned()
            .ok_or(DatabaseError::DataKeyMissing)?;
        Ok(Self { db, key })
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn ports(&self) -> Ports {
        Ports {
            accounts: Arc::new(self.clone()),
            sessions: Arc::new(self.clone()),
            attempts: Arc::new(self.clone()),
            audit: Arc::new(self.clone()),
            doctors: Arc::new(self.clone()),
            booking: Arc::new(self.clone()),
            outbox: Arc::new(self.clone()),
            appointment_search: Arc::new(self.clone()),
            tokens: Arc::new(self.clone()),
            receipts: Arc::new(self.clone()),
            payments: Arc::new(self.clone()),
            clinic_payments: Arc::new(self.clone()),
            staff: Arc::new(self.clone()),
            patient_admin: Arc::new(self.clone()),
            audit_search: Arc::new(self.clone()),
            overview: Arc::new(self.clone()),
            admin_alerts: Arc::new(self.clone()),
            reports: Arc::new(self.clone()),
        }
    }
}

/// A stored value a domain constructor rejects: the row is corrupt. The
/// value itself is left out, since it may be personal data.
pub(crate) fn corrupt(column: &str, reason: impl Display) -> StoreError {
    StoreError::Unexpected(format!("stored {column} is invalid: {reason}"))
}
