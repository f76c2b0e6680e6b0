//! Zoom meetings through a Server-to-Server OAuth app (contract: provider-contracts §1).

mod body;
mod client;
mod config;
mod errors;
mod marker;
mod meetings;
mod passcode;
mod rate_limit;
mod setup_error;
mod token;

pub use client::ZoomMeetings;
pub use config::{
    ZoomConfig, DEFAULT_ZOOM_API_BASE, DEFAULT_ZOOM_OAUTH_BASE, DEFAULT_ZOOM_TIMEOUT,
};
pub use setup_error::ZoomSetupError;
