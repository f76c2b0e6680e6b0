//! Zoom's JSON bodies, only the fields the clinic sends or reads.
//!
//! Answers that carry a passcode or a start link derive no `Debug`, so they
//! cannot end up in a log by accident.

use serde::{Deserialize, Serialize};

/// `POST /users/{userId}/meetings`.
#[derive(Debug, Serialize)]
pub(super) struct CreateMeeting<'a> {
    pub topic: &'a str,
    /// `2`: a scheduled meeting.
    #[serde(rename = "type")]
    pub kind: u8,
    pub start_time: String,
    /// Minutes.
    pub duration: i64,
    pub timezone: &'a str,
    pub agenda: String,
    pub password: &'a str,
    pub settings: Settings,
}

/// Every setting that matters: since December 2025 an omitted one takes the
/// host account's default, which could let a patient in before the doctor.
#[derive(Debug, Serialize)]
pub(super) struct Settings {
    pub join_before_host: bool,
    pub waiting_room: bool,
    pub host_video: bool,
    pub participant_video: bool,
    pub mute_upon_entry: bool,
    /// `2`: no registration.
    pub approval_type: u8,
    pub auto_recording: &'static str,
}

impl Settings {
    pub(super) const CONSULTATION: Settings = Settings {
        join_before_host: false,
        waiting_room: true,
        host_video: true,
        participant_video: true,
        mute_upon_entry: false,
        approval_type: 2,
        // Recording a consultation needs the patient's consent: never by default.
        auto_recording: "none",
    };
}

/// `PATCH /meetings/{meetingId}`: a partial update, so the agenda marker and
/// the settings stay as created.
#[derive(Debug, Serialize)]
pub(super) struct UpdateMeeting<'a> {
    pub topic: &'a str,
    pub start_time: String,
    pub duration: i64,
    pub timezone: &'a str,
}

/// A meeting as create or `GET /meetings/{id}` returns it.
#[derive(Deserialize)]
pub(super) struct MeetingAnswer {
    pub id: i64,
    pub join_url: String,
    #[serde(default)]
    pub password: Option<String>,
}

/// The host link alone, from `GET /meetings/{id}`.
#[derive(Deserialize)]
pub(super) struct StartLink {
    pub start_url: String,
}

/// One page of `GET /users/{userId}/meetings`.
#[derive(Debug, Deserialize)]
pub(super) struct MeetingPage {
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default)]
    pub meetings: Vec<ListedMeeting>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ListedMeeting {
    pub id: i64,
    #[serde(default)]
    pub agenda: Option<String>,
}

/// REST errors: `{"code": 300, "message": "Validation Failed."}`.
#[derive(Debug, Deserialize)]
pub(super) struct RestError {
    pub code: i64,
    #[serde(default)]
    pub message: String,
}

/// `POST /oauth/token`'s answer.
#[derive(Deserialize)]
pub(super) struct TokenAnswer {
    pub access_token: String,
    /// Seconds.
    pub expires_in: i64,
}

/// Token errors use their own shape: `{"reason": "...", "error": "invalid_client"}`.
#[derive(Debug, Deserialize)]
pub(super) struct TokenError {
    pub error: String,
    #[serde(default)]
    pub reason: String,
}
