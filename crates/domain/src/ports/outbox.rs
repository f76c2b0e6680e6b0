//! The outbox: side effects as job rows, written with the change that causes
//! them and run by a worker with a lease, retries and a dead state.

use crate::model::AppointmentId;
use crate::ports::StoreError;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    CreateMeeting,
    SendConfirmation,
    SendCancellation,
    SendRescheduled,
    ExpireHold,
}

impl JobKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::CreateMeeting => "create_meeting",
            Self::SendConfirmation => "send_confirmation",
            Self::SendCancellation => "send_cancellation",
            Self::SendRescheduled => "send_rescheduled",
            Self::ExpireHold => "expire_hold",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Some(match stored {
            "create_meeting" => Self::CreateMeeting,
            "send_confirmation" => Self::SendConfirmation,
            "send_cancellation" => Self::SendCancellation,
            "send_rescheduled" => Self::SendRescheduled,
            "expire_hold" => Self::ExpireHold,
            _ => return None,
        })
    }
}

/// A job to enqueue; the appointment is the one the transaction writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: JobKind,
    pub run_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Pending,
    Done,
    Dead,
}

impl JobState {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub appointment: AppointmentId,
    /// Attempts made before this one.
    pub attempts: i32,
    pub run_at: Timestamp,
    pub state: JobState,
    pub last_error: Option<String>,
    /// Set when a worker holds it; another worker may take it after this instant.
    pub locked_until: Option<Timestamp>,
}

#[async_trait]
pub trait Outbox: Send + Sync {
    /// Takes the oldest pending job due at `now` whose lease is free or expired,
    /// leasing it until `now + lease`. Two workers never get the same job while
    /// its lease runs.
    async fn claim(&self, now: Timestamp, lease: SignedDuration)
        -> Result<Option<Job>, StoreError>;

    /// Marks the job done; a done job is never claimed again.
    async fn complete(&self, id: i64, now: Timestamp) -> Result<(), StoreError>;

    /// Records a failed attempt: back to pending at `retry_at`, or dead when `None`.
    async fn fail(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<(), StoreError>;

    /// Whether a mail with this Message-ID was already sent (at-least-once delivery
    /// must not mail twice).
    async fn mail_sent(&self, message_id: &str) -> Result<bool, StoreError>;

    async fn record_mail_sent(&self, message_id: &str, at: Timestamp) -> Result<(), StoreError>;

    /// Jobs in a state, newest first, for the admin panel and tests.
    async fn jobs(&self, state: JobState, limit: i64) -> Result<Vec<Job>, StoreError>;
}
