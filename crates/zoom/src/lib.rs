//! Video meeting providers: each implements the domain's `MeetingProvider` port.
//!
//! `JitsiMeetings` needs no account and is the default; the Zoom adapter joins it
//! here when Zoom is configured.

mod jitsi;

pub use jitsi::{JitsiMeetings, DEFAULT_JITSI_URL};
