//! The Zoom adapter against a local fake Zoom (provider-contracts §1.10).

// Helpers outside #[test] functions unwrap too: a panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod create;
mod delete;
mod errors;
mod rate_limits;
mod retry_after_timeout;
mod start_url;
mod support;
mod token;
mod update;
