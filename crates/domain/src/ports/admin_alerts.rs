//! What the mail to admins about trouble (a job that died, a payment flagged)
//! needs to know: who the admins are and what the trouble was.

use crate::model::{AppointmentId, JobId, JobKind, PaymentId, StaffId};
use crate::ports::StoreError;
use async_trait::async_trait;

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAlert {
    DeadJob(JobId),
    FlaggedPayment(PaymentId),
}

/// The facts an alert mail states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminAlertFacts {
    DeadJob {
        job: JobId,
        kind: JobKind,
        appointment: Option<AppointmentId>,
        reason: String,
    },
    FlaggedPayment {
        payment: PaymentId,
        appointment: AppointmentId,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminRecipient {
    pub id: StaffId,
    pub name: String,
    pub email: String,
}

#[async_trait]
pub trait AdminAlertStore: Send + Sync {
    /// Every admin who can log in, by id.
    async fn active_admins(&self) -> Result<Vec<AdminRecipient>, StoreError>;

    /// What the alert is about as stored now; `None` when the job or payment
    /// no longer exists, or the payment is no longer flagged.
    async fn alert_facts(&self, alert: AdminAlert) -> Result<Option<AdminAlertFacts>, StoreError>;
}
