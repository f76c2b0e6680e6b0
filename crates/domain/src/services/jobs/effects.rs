//! The jobs each change of an appointment enqueues, in one place, so that
//! booking, payment and the admin panel cause the same effects.

use crate::model::{Appointment, Dedupe, JobKind, JobPayload, NewJob};
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

/// Cancelled by the clinic (the doctor is away, staff cancelled it): the
/// same as [`on_cancelled`]. The hook for refunds: a paid appointment the
/// clinic cancels is refunded under `payments.refund_policy`, and its refund
/// job belongs here, in the cancellation's own transaction (the payments
/// work adds it; until then staff refund by hand).
pub fn on_cancelled_by_clinic(_appointment: &Appointment, now: Timestamp) -> Vec<NewJob> {
    on_cancelled(now)
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
