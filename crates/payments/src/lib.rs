//! Payment gateways: each implements the domain's `PaymentGateway` port, exactly
//! as provider-contracts.md §2 (Stripe), §3 (Razorpay) and §4 (bKash) describe.
//!
//! The simulated gateway's signing lives here too (`simulated`), so the web
//! crate's TEST MODE checkout signs and verifies its webhook on the same code
//! path as the real providers.

mod bkash;
mod http;
mod razorpay;
mod setup_error;
mod signature;
pub mod simulated;
mod stripe;

pub use bkash::{
    BkashConfig, BkashGateway, BKASH_SANDBOX_API_BASE, DEFAULT_BKASH_API_BASE,
    DEFAULT_BKASH_TIMEOUT,
};
pub use razorpay::{
    RazorpayConfig, RazorpayGateway, DEFAULT_RAZORPAY_API_BASE, DEFAULT_RAZORPAY_HOSTED_CHECKOUT,
    DEFAULT_RAZORPAY_TIMEOUT, DEFAULT_RAZORPAY_WEBHOOK_MAX_AGE, RAZORPAY_CHECKOUT_SCRIPT,
};
pub use setup_error::SetupError;
pub use simulated::{SimulatedConfig, SimulatedGateway, SIMULATED_SIGNATURE_HEADER};
pub use stripe::{
    StripeConfig, StripeGateway, DEFAULT_STRIPE_API_BASE, DEFAULT_STRIPE_TIMEOUT,
    DEFAULT_WEBHOOK_TOLERANCE,
};
