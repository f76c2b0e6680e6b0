//! The mails about an account: welcome with the verification link, the link
//! again, a password reset link, a payment receipt. The link's secret is
//! rebuilt from the token's id (the store keeps only its hash); a link that
//! stopped working before its mail went out is not sent.

use super::{Fault, JobRunner};
use crate::model::{
    AccountRef, AccountTokenId, AppointmentId, Dedupe, Job, JobKind, JobOutcome, JobPayload,
    NewJob, PatientId, PaymentId, TokenPurpose,
};
use crate::ports::{
    AccountMail, AccountNotice, AccountNoticeRenderer, AccountTokenStore, AdminAlertStore,
    OutgoingMail, PaymentStore, ReceiptStore, TokenSecrets,
};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// What the account mails need beyond the appointment mails' ports.
#[derive(Clone)]
pub struct AccountMailPorts {
    pub tokens: Arc<dyn AccountTokenStore>,
    pub secrets: Arc<dyn TokenSecrets>,
    pub renderer: Arc<dyn AccountNoticeRenderer>,
    pub receipts: Arc<dyn ReceiptStore>,
    /// The payments the payment mails are about.
    pub payment_store: Arc<dyn PaymentStore>,
    /// Who the admins are and what an alert to them is about.
    pub alerts: Arc<dyn AdminAlertStore>,
    /// How long a reset link works, for the mail to say.
    pub reset_link: SignedDuration,
}

/// The receipt of a payment, for the payments issue to enqueue in the write
/// that records it paid: once per payment, however often that is applied.
pub fn receipt_mail(
    payment: PaymentId,
    patient: PatientId,
    appointment: AppointmentId,
    now: Timestamp,
) -> NewJob {
    NewJob {
        kind: JobKind::SendReceipt,
        appointment: Some(appointment),
        account: Some(AccountRef::Patient(patient)),
        payload: JobPayload::Payment { id: payment },
        dedupe: Dedupe::Key(format!("receipt:{payment}")),
        run_at: now,
    }
}

impl JobRunner {
    /// A mail carrying the link of the job's token.
    pub(super) async fn send_token_mail(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let ports = &self.ports.account_mail;
        let JobPayload::Token { id } = job.payload else {
            return Err(Fault::Dead(format!("a {} job names no token", job.kind)));
        };
        let id = AccountTokenId::new(id);
        let purpose = match job.kind {
            JobKind::SendPasswordReset => TokenPurpose::Reset,
            _ => TokenPurpose::Verify,
        };
        let token = ports
            .tokens
            .token(id)
            .await?
            .ok_or_else(|| Fault::Dead(format!("token {id} does not exist")))?;
        if token.usable_for(purpose, self.now()).is_err() {
            // Used, expired or readdressed meanwhile: a dead link helps no one.
            return Ok(JobOutcome::Done);
        }
        let message_id = self
            .ports
            .notices
            .message_id(&format!("account-token-{id}"));
        if self.ports.outbox.mail_sent(&message_id).await? {
            return Ok(JobOutcome::Done);
        }
        let path = format!("{}/{}", purpose.path(), ports.secrets.secret(id));
        let mail = match job.kind {
            JobKind::SendWelcome => AccountMail::Welcome { verify_path: path },
            JobKind::SendPasswordReset => AccountMail::PasswordReset {
                reset_path: path,
                valid_for: ports.reset_link,
            },
            _ => AccountMail::Verification { verify_path: path },
        };
        let (name, email) = self.recipient(token.account).await?;
        self.deliver_account_mail(AccountNotice {
            mail,
            to_name: &name,
            to_email: &email,
            message_id,
        })
        .await
    }

    /// A paid payment's receipt, once.
    pub(super) async fn send_receipt(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let JobPayload::Payment { id } = job.payload else {
            return Err(Fault::Dead("a receipt job names no payment".into()));
        };
        let payment = id;
        let Some(receipt) = self.ports.account_mail.receipts.receipt(payment).await? else {
            return Err(Fault::Dead(format!("payment {payment} is not paid")));
        };
        let message_id = self
            .ports
            .notices
            .message_id(&format!("payment-{payment}-receipt"));
        if self.ports.outbox.mail_sent(&message_id).await? {
            return Ok(JobOutcome::Done);
        }
        let (name, email) = self.recipient(AccountRef::Patient(receipt.patient)).await?;
        self.deliver_account_mail(AccountNotice {
            mail: AccountMail::Receipt(&receipt),
            to_name: &name,
            to_email: &email,
            message_id,
        })
        .await
    }

    /// The account's name and current email.
    pub(super) async fn recipient(&self, account: AccountRef) -> Result<(String, String), Fault> {
        let gone = || Fault::Dead(format!("account {account} no longer exists"));
        Ok(match account {
            AccountRef::Patient(id) => {
                let contact = self
                    .ports
                    .accounts
                    .patient_contact(id)
                    .await?
                    .ok_or_else(gone)?;
                (
                    contact.name.as_str().to_owned(),
                    contact.email.as_str().to_owned(),
                )
            }
            AccountRef::Staff(id) => {
                let member = self
                    .ports
                    .accounts
                    .staff_member(id)
                    .await?
                    .ok_or_else(gone)?;
                (
                    member.name.as_str().to_owned(),
                    member.email.as_str().to_owned(),
                )
            }
        })
    }

    pub(super) async fn deliver_account_mail(
        &self,
        notice: AccountNotice<'_>,
    ) -> Result<JobOutcome, Fault> {
        let mail: OutgoingMail = self
            .ports
            .account_mail
            .renderer
            .render_account(&notice)
            .map_err(|e| Fault::Dead(e.to_string()))?;
        self.ports.mailer.send(&mail).await?;
        self.ports
            .outbox
            .record_mail_sent(&notice.message_id, self.now())
            .await?;
        Ok(JobOutcome::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_job_names_the_payment_its_patient_and_is_one_per_payment() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        let job = receipt_mail(
            PaymentId::new(3),
            PatientId::new(1),
            AppointmentId::new(9),
            now,
        );
        assert_eq!(job.kind, JobKind::SendReceipt);
        assert_eq!(
            job.payload,
            JobPayload::Payment {
                id: PaymentId::new(3)
            }
        );
        assert_eq!(job.account, Some(AccountRef::Patient(PatientId::new(1))));
        assert_eq!(job.appointment, Some(AppointmentId::new(9)));
        let again = receipt_mail(
            PaymentId::new(3),
            PatientId::new(1),
            AppointmentId::new(9),
            now,
        );
        assert_eq!(
            job.dedupe.key(job.appointment),
            again.dedupe.key(again.appointment)
        );
        assert_eq!(job.dedupe.key(None).as_deref(), Some("receipt:3"));
    }
}
