//! The mail to every admin when a job dies or a payment is flagged. The
//! alert is enqueued in the write that marks the job dead or flags the
//! payment; an alert job's own death alerts no one, so a broken mailer
//! cannot feed itself.

use super::{Fault, JobRunner};
use crate::model::{Dedupe, Job, JobId, JobKind, JobOutcome, JobPayload, NewJob, PaymentId};
use crate::ports::{AccountMail, AccountNotice, AdminAlert};
use jiff::Timestamp;

/// The alert about a job that died at `now`; `None` for an alert job, whose
/// death must not raise another.
pub fn dead_job_alert(job: JobId, kind: JobKind, now: Timestamp) -> Option<NewJob> {
    (kind != JobKind::SendAdminAlert).then(|| NewJob {
        kind: JobKind::SendAdminAlert,
        appointment: None,
        account: None,
        payload: JobPayload::Job { id: job },
        // A job run again may die again: each death is its own alert.
        dedupe: Dedupe::Key(format!("alert:job:{job}:{}", now.as_second())),
        run_at: now,
    })
}

/// The alert about a payment flagged at `now`.
pub fn flagged_payment_alert(payment: PaymentId, now: Timestamp) -> NewJob {
    NewJob {
        kind: JobKind::SendAdminAlert,
        appointment: None,
        account: None,
        payload: JobPayload::Payment { id: payment },
        dedupe: Dedupe::Key(format!("alert:payment:{payment}:{}", now.as_second())),
        run_at: now,
    }
}

impl JobRunner {
    /// One mail per admin, each sent once however often the job runs.
    pub(super) async fn send_admin_alert(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let alert = match job.payload {
            JobPayload::Job { id } => AdminAlert::DeadJob(id),
            JobPayload::Payment { id } => AdminAlert::FlaggedPayment(id),
            _ => return Err(Fault::Dead("an admin alert names no job or payment".into())),
        };
        let alerts = &self.ports.account_mail.alerts;
        let Some(facts) = alerts.alert_facts(alert).await? else {
            // Gone or no longer flagged: nothing left to tell.
            return Ok(JobOutcome::Done);
        };
        for admin in alerts.active_admins().await? {
            let message_id = self
                .ports
                .notices
                .message_id(&format!("admin-alert-{}-staff-{}", job.id, admin.id));
            if self.ports.outbox.mail_sent(&message_id).await? {
                continue;
            }
            self.deliver_account_mail(AccountNotice {
                mail: AccountMail::AdminAlert(&facts),
                to_name: &admin.name,
                to_email: &admin.email,
                message_id,
            })
            .await?;
        }
        Ok(JobOutcome::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_jobs_own_death_raises_no_alert() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        assert!(dead_job_alert(JobId::new(4), JobKind::SendAdminAlert, now).is_none());
        let alert = dead_job_alert(JobId::new(4), JobKind::SendConfirmation, now).unwrap();
        assert_eq!(alert.kind, JobKind::SendAdminAlert);
        assert_eq!(alert.payload, JobPayload::Job { id: JobId::new(4) });
    }

    #[test]
    fn each_death_and_each_flag_is_its_own_alert() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        let later = Timestamp::from_second(1_767_225_660).unwrap();
        let key = |job: NewJob| job.dedupe.key(None);
        assert_ne!(
            key(dead_job_alert(JobId::new(4), JobKind::SendReminder, now).unwrap()),
            key(dead_job_alert(JobId::new(4), JobKind::SendReminder, later).unwrap())
        );
        assert_ne!(
            key(flagged_payment_alert(PaymentId::new(2), now)),
            key(flagged_payment_alert(PaymentId::new(3), now))
        );
    }
}
