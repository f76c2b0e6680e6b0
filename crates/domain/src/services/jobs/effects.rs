//! The jobs each change of an appointment enqueues, in one place, so that
//! booking, payment and the admin panel cause the same effects.

use crate::model::{
    AccountRef, Appointment, Dedupe, JobKind, JobPayload, NewJob, PatientId, PaymentId,
};
use jiff::{SignedDuration, Timestamp};

/// What the clinic tells patients, and when.
#[derive(Debug, Clone, Default)]
pub struct NoticePolicy {
    /// How long a confirmation waits for its video link.
    pub link_grace: SignedDuration,
    /// How long before the start each reminder goes out (`reminders.hours_before`).
    pub reminders: Vec<SignedDuration>,
}

/// Confirmed (booked with pay-after, or paid): make the meeting now; the
/// confirmation waits up to the grace for its link (the meeting job brings
/// it forward as soon as the link is stored); plan the reminders.
pub fn on_confirmed(starts_at: Timestamp, now: Timestamp, policy: &NoticePolicy) -> Vec<NewJob> {
    let deadline = now.saturating_add(policy.link_grace).unwrap_or(now);
    let mut jobs = vec![
        NewJob::for_appointment(JobKind::CreateMeeting, now),
        NewJob::for_appointment(JobKind::SendConfirmation, deadline),
        NewJob::for_appointment(JobKind::SendDoctorBooked, now),
    ];
    jobs.extend(reminders(starts_at, now, &policy.reminders));
    jobs
}

/// One reminder per offset for a consultation at `starts_at`, each once
/// (its key names the start and the offset), none already past.
pub fn reminders(starts_at: Timestamp, now: Timestamp, offsets: &[SignedDuration]) -> Vec<NewJob> {
    offsets
        .iter()
        .filter_map(|before| {
            let at = starts_at.checked_sub(*before).ok()?;
            (at > now).then(|| {
                let minutes = before.as_mins();
                NewJob::for_appointment(JobKind::SendReminder, at)
                    .with_payload(JobPayload::Reminder {
                        starts_at,
                        minutes_before: minutes,
                    })
                    .with_dedupe(Dedupe::PerAppointment(format!(
                        "reminder:{}:{minutes}",
                        starts_at.as_second()
                    )))
            })
        })
        .collect()
}

/// Held while the patient pays: release the slot when the hold runs out.
pub fn on_held(hold_until: Timestamp) -> Vec<NewJob> {
    vec![NewJob::for_appointment(JobKind::ExpireHold, hold_until)]
}

/// The hold ran out unpaid: close the checkout at the provider, where it
/// allows that, so the patient can no longer pay for a slot that is gone,
/// and tell the patient the slot was released.
pub fn on_hold_expired(now: Timestamp) -> Vec<NewJob> {
    vec![
        NewJob::for_appointment(JobKind::CloseCheckout, now),
        NewJob::for_appointment(JobKind::SendHoldExpired, now),
    ]
}

/// A payment attempt failed: tell the patient, once per payment (a later
/// success on the same checkout makes the mail go unsent).
pub fn on_payment_failed(payment: PaymentId, patient: PatientId, now: Timestamp) -> Vec<NewJob> {
    vec![payment_mail(
        JobKind::SendPaymentFailed,
        patient,
        JobPayload::Payment { id: payment },
        format!("payment_failed:{payment}"),
        now,
    )]
}

/// Why a refund was made, as far as the patient's mail is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundCause {
    /// Staff, the patient's cancellation, or the provider's own event.
    Issued,
    /// The payment came after its hold ran out and the slot was gone.
    SlotGone,
}

/// A refund was recorded: tell the patient, once per refund.
pub fn on_refunded(
    payment: PaymentId,
    patient: PatientId,
    refund_ref: &str,
    cause: RefundCause,
    now: Timestamp,
) -> Vec<NewJob> {
    let kind = match cause {
        RefundCause::Issued => JobKind::SendRefund,
        RefundCause::SlotGone => JobKind::SendLateRefund,
    };
    vec![payment_mail(
        kind,
        patient,
        JobPayload::Refund {
            payment,
            refund_ref: refund_ref.to_owned(),
        },
        format!("refund_mail:{payment}:{refund_ref}"),
        now,
    )]
}

/// A mail about a payment, to its patient; inside a payment write
/// `appointment: None` means the payment's appointment.
fn payment_mail(
    kind: JobKind,
    patient: PatientId,
    payload: JobPayload,
    key: String,
    now: Timestamp,
) -> NewJob {
    NewJob {
        kind,
        appointment: None,
        account: Some(AccountRef::Patient(patient)),
        payload,
        dedupe: Dedupe::Key(key),
        run_at: now,
    }
}

/// How often payments pending too long are looked for.
pub const SWEEP_PAYMENTS_EVERY: SignedDuration = SignedDuration::from_mins(5);

/// The periodic look for payments pending too long, once per period.
pub fn sweep_payments_at(at: Timestamp) -> NewJob {
    let period = at.as_second().div_euclid(SWEEP_PAYMENTS_EVERY.as_secs());
    NewJob {
        kind: JobKind::SweepPayments,
        appointment: None,
        account: None,
        payload: JobPayload::None,
        dedupe: Dedupe::Key(format!("sweep_payments:{period}")),
        run_at: at,
    }
}

/// Moved from `from` to `to`: move the meeting, tell the patient (once per
/// move) and plan the reminders for the new time; those for the old time
/// find the appointment moved and send nothing.
pub fn on_moved(
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
    policy: &NoticePolicy,
) -> Vec<NewJob> {
    let this_move = Dedupe::PerAppointment(format!("moved:{}", to.as_second()));
    let mut jobs = vec![
        NewJob::for_appointment(JobKind::UpdateMeeting, now).with_dedupe(this_move.clone()),
        NewJob::for_appointment(JobKind::SendRescheduled, now)
            .with_payload(JobPayload::Moved { from, to })
            .with_dedupe(this_move.clone()),
        NewJob::for_appointment(JobKind::SendDoctorMoved, now)
            .with_payload(JobPayload::Moved { from, to })
            .with_dedupe(this_move),
    ];
    jobs.extend(reminders(to, now, &policy.reminders));
    jobs
}

/// Cancelled: delete the meeting and tell the patient and the doctor.
pub fn on_cancelled(now: Timestamp) -> Vec<NewJob> {
    vec![
        NewJob::for_appointment(JobKind::DeleteMeeting, now),
        NewJob::for_appointment(JobKind::SendCancellation, now),
        NewJob::for_appointment(JobKind::SendDoctorCancelled, now),
    ]
}

/// Cancelled by the clinic (the doctor is away, staff cancelled it with a
/// refund): what [`on_cancelled`] does, and a paid appointment is refunded
/// under `payments.refund_policy` by a job written in the cancellation's
/// own transaction, so no crash between the two loses the refund.
pub fn on_cancelled_by_clinic(appointment: &Appointment, now: Timestamp) -> Vec<NewJob> {
    let mut jobs = on_cancelled(now);
    if appointment.payment_status.was_paid() {
        jobs.push(
            NewJob::for_appointment(JobKind::RefundCancellation, now)
                .with_dedupe(Dedupe::OncePerAppointment),
        );
    }
    jobs
}

/// How often expired sessions are deleted.
pub const PRUNE_SESSIONS_EVERY: SignedDuration = SignedDuration::from_hours(1);

/// The session pruning that belongs to the hour of `at`: one per hour, so
/// enqueuing it at every start-up and after every run writes one job.
pub fn prune_sessions_at(at: Timestamp) -> NewJob {
    let hour = at.as_second().div_euclid(PRUNE_SESSIONS_EVERY.as_secs());
    NewJob {
        kind: JobKind::PruneSessions,
        appointment: None,
        account: None,
        payload: JobPayload::None,
        dedupe: Dedupe::Key(format!("prune_sessions:{hour}")),
        run_at: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Timestamp {
        Timestamp::from_second(1_767_225_600).unwrap()
    }

    #[test]
    fn a_lapsed_hold_closes_its_checkout_and_tells_the_patient_once() {
        let jobs = on_hold_expired(at());
        let kinds: Vec<JobKind> = jobs.iter().map(|j| j.kind).collect();
        assert_eq!(
            kinds,
            vec![JobKind::CloseCheckout, JobKind::SendHoldExpired]
        );
        assert!(jobs.iter().all(|j| j.dedupe == Dedupe::OncePerAppointment));
    }

    #[test]
    fn payment_mails_go_to_the_patient_once_per_payment_or_refund() {
        let (payment, patient) = (PaymentId::new(4), PatientId::new(9));
        let failed = on_payment_failed(payment, patient, at());
        assert_eq!(failed[0].kind, JobKind::SendPaymentFailed);
        assert_eq!(failed[0].account, Some(AccountRef::Patient(patient)));
        assert_eq!(
            failed[0].dedupe.key(None).as_deref(),
            Some("payment_failed:4")
        );
        let issued = on_refunded(payment, patient, "re_1", RefundCause::Issued, at());
        let late = on_refunded(payment, patient, "re_2", RefundCause::SlotGone, at());
        assert_eq!(issued[0].kind, JobKind::SendRefund);
        assert_eq!(late[0].kind, JobKind::SendLateRefund);
        assert_eq!(
            issued[0].dedupe.key(None).as_deref(),
            Some("refund_mail:4:re_1")
        );
        assert_eq!(
            late[0].payload,
            JobPayload::Refund {
                payment,
                refund_ref: "re_2".into()
            }
        );
    }
}
