//! Video meetings (Jitsi by default, Zoom when configured).

use crate::model::AppointmentId;
use async_trait::async_trait;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct MeetingRequest {
    pub appointment: AppointmentId,
    pub topic: String,
    pub starts_at: Timestamp,
    pub minutes: i64,
    /// The doctor's IANA zone, for providers that show local times.
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub join_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// Worth retrying later: a timeout, a 429 or a 5xx.
    #[error("meeting provider temporarily unavailable: {0}")]
    Temporary(String),
    /// Retrying will not help: bad credentials, a rejected request.
    #[error("meeting provider refused: {0}")]
    Permanent(String),
}

#[async_trait]
pub trait MeetingProvider: Send + Sync {
    /// Creates the meeting for an appointment. Called again for the same
    /// appointment only if the link was not stored, so it may create a second one.
    async fn create_meeting(&self, request: &MeetingRequest) -> Result<Meeting, MeetingError>;
}
