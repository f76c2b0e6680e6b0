//! The mails about paying for an appointment: a payment that failed, a hold
//! that ran out, a refund (and the refund of a payment that came after its
//! slot was gone). Each is sent once per Message-ID, and not at all when
//! what it would say is no longer true (a failure paid on a later attempt,
//! a lapsed hold confirmed by a late payment).

use super::{Fault, JobRunner};
use crate::model::{
    AccountRef, Appointment, AppointmentStatus, Job, JobKind, JobOutcome, JobPayload, Money,
    PaymentId, PaymentState, PaymentStatus,
};
use crate::ports::{AccountMail, AccountNotice, PaymentMail, PaymentMailKind, PaymentRecord};

impl JobRunner {
    pub(super) async fn send_payment_failed(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let JobPayload::Payment { id } = job.payload else {
            return Err(Fault::Dead("a payment failed mail names no payment".into()));
        };
        let record = self.payment_record(id).await?;
        // Paid on a later attempt, or cancelled meanwhile: nothing to tell.
        if record.payment.state != PaymentState::Failed {
            return Ok(JobOutcome::Done);
        }
        let appointment = self.reread(record.payment.appointment).await?;
        let now = self.now();
        let retry = match appointment.status {
            AppointmentStatus::PendingPayment => appointment.is_active_at(now),
            AppointmentStatus::Confirmed => !matches!(
                appointment.payment_status,
                PaymentStatus::Paid | PaymentStatus::Refunded | PaymentStatus::PartiallyRefunded
            ),
            _ => false,
        };
        let kind = PaymentMailKind::Failed {
            retry,
            hold_until: appointment.hold_until.filter(|_| retry),
        };
        let key = format!("payment-{id}-failed");
        self.send_payment_mail(&appointment, record.payment.amount, kind, &key)
            .await
    }

    pub(super) async fn send_hold_expired(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let appointment = self.appointment(job).await?;
        // Confirmed by a payment that came late while the slot was free: the
        // confirmation says so instead.
        if appointment.status != AppointmentStatus::Expired {
            return Ok(JobOutcome::Done);
        }
        let key = format!("hold-{}-expired", appointment.id);
        let amount = appointment.amount;
        self.send_payment_mail(&appointment, amount, PaymentMailKind::HoldExpired, &key)
            .await
    }

    /// `SendRefund` and `SendLateRefund`: one refund of a payment.
    pub(super) async fn send_refund(&self, job: &Job) -> Result<JobOutcome, Fault> {
        let JobPayload::Refund {
            payment,
            refund_ref,
        } = &job.payload
        else {
            return Err(Fault::Dead("a refund mail names no refund".into()));
        };
        let record = self.payment_record(*payment).await?;
        let paid = record.payment.amount;
        let refunds = &record.payment.refunds;
        let Some(position) = refunds.iter().position(|r| &r.refund_ref == refund_ref) else {
            return Err(Fault::Dead(format!(
                "payment {payment} has no refund {refund_ref}"
            )));
        };
        let refunded = refunds[position].amount;
        // What stood after this refund, however many came after it.
        let total: i64 = refunds[..=position].iter().map(|r| r.amount.minor()).sum();
        let kind = match job.kind {
            JobKind::SendLateRefund => PaymentMailKind::LateRefunded { refunded },
            _ => PaymentMailKind::Refunded {
                refunded,
                total_refunded: Money::new(total, paid.currency()),
                still_paid: Money::new((paid.minor() - total).max(0), paid.currency()),
            },
        };
        let appointment = self.reread(record.payment.appointment).await?;
        let key = format!("payment-{payment}-refund-{}", position + 1);
        self.send_payment_mail(&appointment, paid, kind, &key).await
    }

    async fn payment_record(&self, id: PaymentId) -> Result<PaymentRecord, Fault> {
        self.ports
            .account_mail
            .payment_store
            .payment(id)
            .await?
            .ok_or_else(|| Fault::Dead(format!("payment {id} does not exist")))
    }

    async fn send_payment_mail(
        &self,
        appointment: &Appointment,
        amount: Money,
        kind: PaymentMailKind,
        key: &str,
    ) -> Result<JobOutcome, Fault> {
        let message_id = self.ports.notices.message_id(key);
        if self.ports.outbox.mail_sent(&message_id).await? {
            return Ok(JobOutcome::Done);
        }
        let contact = self
            .ports
            .accounts
            .patient_contact(appointment.patient_id)
            .await?
            .ok_or_else(|| Fault::Dead("the patient no longer exists".into()))?;
        let doctor_zone = self
            .ports
            .doctors
            .doctor(appointment.doctor_id)
            .await?
            .map(|d| d.profile.timezone.time_zone())
            .ok_or_else(|| {
                Fault::Dead(format!("doctor {} does not exist", appointment.doctor_id))
            })?;
        let mail = PaymentMail {
            kind,
            appointment: appointment.id,
            doctor: appointment.doctor_id,
            doctor_name: appointment.doctor_name.clone(),
            starts_at: appointment.starts_at,
            doctor_zone,
            patient_zone: contact.timezone.as_ref().map(|z| z.time_zone()),
            amount,
        };
        let (name, email) = self
            .recipient(AccountRef::Patient(appointment.patient_id))
            .await?;
        self.deliver_account_mail(AccountNotice {
            mail: AccountMail::Payment(&mail),
            to_name: &name,
            to_email: &email,
            message_id,
        })
        .await
    }
}
