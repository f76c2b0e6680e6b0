//! Why a Zoom client could not be built from its configuration.

/// A configuration mistake found at start-up, before any call to Zoom.
#[derive(Debug, thiserror::Error)]
pub enum ZoomSetupError {
    #[error("zoom.{key} is not a usable http(s) base URL: {reason}")]
    BadBase { key: &'static str, reason: String },
    #[error("zoom.{0} is empty")]
    Missing(&'static str),
    #[error("the Zoom timeout must be above zero")]
    ZeroTimeout,
    #[error("cannot build the HTTP client for Zoom: {0}")]
    Client(String),
}
