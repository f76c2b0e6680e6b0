//! `AdminAlertStore` on SQLite: the admins to mail, and what an alert is about.

use super::{corrupt, SqliteStore};
use crate::schema::{outbox_jobs, payments, staff_users};
use async_trait::async_trait;
use consulta_domain::model::{AppointmentId, JobKind, JobState, Role, StaffId};
use consulta_domain::ports::{
    AdminAlert, AdminAlertFacts, AdminAlertStore, AdminRecipient, StoreError,
};
use diesel::prelude::*;

#[async_trait]
impl AdminAlertStore for SqliteStore {
    async fn active_admins(&self) -> Result<Vec<AdminRecipient>, StoreError> {
        let rows: Vec<(i64, String, String)> = self
            .db
            .read(|conn| {
                Ok(staff_users::table
                    .filter(staff_users::role.eq(Role::Admin.as_str()))
                    .filter(staff_users::deactivated_at.is_null())
                    .order(staff_users::id)
                    .select((staff_users::id, staff_users::name, staff_users::email))
                    .load(conn)?)
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email)| AdminRecipient {
                id: StaffId::new(id),
                name,
                email,
            })
            .collect())
    }

    async fn alert_facts(&self, alert: AdminAlert) -> Result<Option<AdminAlertFacts>, StoreError> {
        match alert {
            AdminAlert::DeadJob(job) => {
                let row: Option<(String, Option<i64>, Option<String>)> = self
                    .db
                    .read(move |conn| {
                        Ok(outbox_jobs::table
                            .find(job.get())
                            .filter(outbox_jobs::state.eq(JobState::Dead.as_str()))
                            .select((
                                outbox_jobs::kind,
                                outbox_jobs::appointment_id,
                                outbox_jobs::last_error,
                            ))
                            .first(conn)
                            .optional()?)
                    })
                    .await?;
                row.map(|(kind, appointment, reason)| {
                    Ok(AdminAlertFacts::DeadJob {
                        job,
                        kind: JobKind::parse(&kind)
                            .ok_or_else(|| corrupt("outbox_jobs.kind", "unknown kind"))?,
                        appointment: appointment.map(AppointmentId::new),
                        reason: reason.unwrap_or_default(),
                    })
                })
                .transpose()
            }
            AdminAlert::FlaggedPayment(payment) => {
                let row: Option<(i64, Option<String>)> = self
                    .db
                    .read(move |conn| {
                        Ok(payments::table
                            .find(payment.get())
                            .select((payments::appointment_id, payments::flagged_reason))
                            .first(conn)
                            .optional()?)
                    })
                    .await?;
                Ok(row.and_then(|(appointment, reason)| {
                    reason.map(|reason| AdminAlertFacts::FlaggedPayment {
                        payment,
                        appointment: AppointmentId::new(appointment),
                        reason,
                    })
                }))
            }
        }
    }
}
