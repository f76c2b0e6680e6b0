//! Servers the test suites start in-process, once per test binary: a real
//! SMTP server (mailin-embedded) with a scriptable refusal per recipient,
//! plain or with STARTTLS and authentication. Used by the mail crate's tests
//! and the web crate's end-to-end tests; never by the application.
#![allow(clippy::unwrap_used)]

mod smtp_sink;
mod test_ca;

pub use smtp_sink::{Delivered, Sink, PASSWORD, USERNAME};
pub use test_ca::{localhost_certificate, ServerCertificate};
