//! The payment adapters against local fakes (wiremock) that check the requests
//! provider-contracts.md requires and answer with its own example bodies.

// Helpers outside #[test] functions unwrap too: a panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod bkash;
mod forms;
mod razorpay_api;
mod razorpay_webhook;
mod simulated;
mod stripe_api;
mod stripe_refunds;
mod stripe_webhook;
mod support;
