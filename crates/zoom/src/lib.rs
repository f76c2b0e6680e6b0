//! Video meeting providers: each implements the domain's `MeetingProvider` port.
//!
//! `JitsiMeetings` needs no account and is the default; `ZoomMeetings` is used
//! when Zoom is configured.

mod jitsi;
mod zoom;

pub use jitsi::{JitsiMeetings, DEFAULT_JITSI_URL};
pub use zoom::{
    ZoomConfig, ZoomMeetings, ZoomSetupError, DEFAULT_ZOOM_API_BASE, DEFAULT_ZOOM_OAUTH_BASE,
    DEFAULT_ZOOM_TIMEOUT,
};
