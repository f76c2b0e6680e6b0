//! Video meetings (Jitsi by default, Zoom when configured): the whole lifecycle
//! of one appointment's meeting, create, update after a move, delete after a
//! cancellation, and the host's start link fetched fresh when it is needed.

use crate::model::AppointmentId;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone)]
pub struct MeetingRequest {
    pub appointment: AppointmentId,
    pub topic: String,
    pub starts_at: Timestamp,
    pub minutes: i64,
    /// The doctor's IANA zone, for providers that show local times.
    pub timezone: String,
}

/// A meeting as the provider made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The provider's id for it (Zoom's meeting number, Jitsi's room name): the
    /// key for update, delete and the start link.
    pub id: String,
    /// The link patients join with.
    pub join_url: String,
    /// The passcode patients need, if the provider sets one. A credential:
    /// stored encrypted, shown only to the appointment's patient.
    pub passcode: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// Worth retrying later: a timeout, a 429 or a 5xx. `retry_after` is the
    /// provider's own word on when to come back (a Retry-After header), if any.
    #[error("meeting provider temporarily unavailable: {message}")]
    Temporary {
        message: String,
        retry_after: Option<SignedDuration>,
    },
    /// Retrying will not help: bad credentials, a rejected request. The
    /// message is the provider's own, for the admin panel.
    #[error("meeting provider refused: {0}")]
    Permanent(String),
}

impl MeetingError {
    /// A retryable fault with no advice from the provider on when to retry.
    pub fn temporary(message: impl Into<String>) -> Self {
        Self::Temporary {
            message: message.into(),
            retry_after: None,
        }
    }
}

#[async_trait]
pub trait MeetingProvider: Send + Sync {
    /// Creates the meeting for an appointment. It may be called again for the
    /// same appointment after an answer was lost (a timeout): an adapter whose
    /// provider could have made the meeting anyway must find and return that
    /// one (Zoom: the marker in the agenda) rather than make a second.
    async fn create_meeting(&self, request: &MeetingRequest) -> Result<Meeting, MeetingError>;

    /// Moves the meeting `meeting_id` to the request's time (after a reschedule).
    async fn update_meeting(
        &self,
        meeting_id: &str,
        request: &MeetingRequest,
    ) -> Result<(), MeetingError>;

    /// Deletes the meeting (after a cancellation). A meeting that no longer
    /// exists is success, so a retried delete is harmless.
    async fn delete_meeting(&self, meeting_id: &str) -> Result<(), MeetingError>;

    /// The host's link to start the meeting, fetched fresh (Zoom's start link
    /// carries a short-lived host token and is never stored or mailed).
    async fn start_url(&self, meeting_id: &str) -> Result<String, MeetingError>;
}
