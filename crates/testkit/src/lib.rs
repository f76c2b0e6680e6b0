//! Servers the test suites start in-process: a real SMTP server
//! (mailin-embedded) with a scriptable refusal per recipient, plain or with
//! STARTTLS and authentication, and a fake Zoom (wiremock) that follows
//! provider-contracts.md §1. Used by the adapter crates' tests and the web
//! crate's end-to-end tests; never by the application.
#![allow(clippy::unwrap_used)]

mod smtp_sink;
mod test_ca;
pub mod zoom_fake;

pub use smtp_sink::{Delivered, Sink, PASSWORD, USERNAME};
pub use test_ca::{localhost_certificate, ServerCertificate};
