//! The jobs each change of an appointment enqueues, in one place, so that
//! booking, payment and the admin panel cause the same effects.

use crate::model::{Dedupe, JobKind, JobPayload, NewJob};
use jiff::{SignedDuration, Timestamp};

/// Confirmed (booked with pay-after, or paid): make the meeting now; the
/// confirmation waits up to `grace` for its link (the meeting job brings it
/// forward as soon as the link is stored).
pub fn on_confirmed(now: Timestamp, grace: SignedDuration) -> Vec<NewJob> {
    let deadline = now.saturating_add(grace).unwrap_or(now);
    vec![
        NewJob::for_appointment(JobKind::CreateMeeting, now),
        NewJob::for_appointment(JobKind::SendConfirmation, deadline),
    ]
}

/// Held while the patient pays: release the slot when the hold runs out.
pub fn on_held(hold_until: Timestamp) -> Vec<NewJob> {
    vec![NewJob::for_appointment(JobKind::ExpireHold, hold_until)]
}

/// Moved from `from` to `to`: move the meeting and tell the patient, once per move.
pub fn on_moved(from: Timestamp, to: Timestamp, now: Timestamp) -> Vec<NewJob> {
    let this_move = Dedupe::PerAppointment(format!("moved:{}", to.as_second()));
    vec![
        NewJob::for_appointment(JobKind::UpdateMeeting, now).with_dedupe(this_move.clone()),
        NewJob::for_appointment(JobKind::SendRescheduled, now)
            .with_payload(JobPayload::Moved { from, to })
            .with_dedupe(this_move),
    ]
}

/// Cancelled: delete the meeting and tell the patient.
pub fn on_cancelled(now: Timestamp) -> Vec<NewJob> {
    vec![
        NewJob::for_appointment(JobKind::DeleteMeeting, now),
        NewJob::for_appointment(JobKind::SendCancellation, now),
    ]
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
