//! Payment gateways (Stripe, Razorpay, bKash, the simulated one): open a
//! checkout, believe only verified webhooks and returns, look a payment up,
//! refund it, and close a checkout whose hold ran out.

use super::payment_events::{
    PaymentError, PaymentEvent, RefundStatus, VerifiedWebhook, WebhookRejected,
};
use crate::model::{AppointmentId, Money, PaymentId, Provider};
use async_trait::async_trait;
use jiff::Timestamp;

/// Everything a checkout needs; the amount comes from the server (the fee at
/// booking time), never from a form.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    pub payment: PaymentId,
    pub appointment: AppointmentId,
    pub amount: Money,
    /// What the patient sees at the provider, e.g. "Consultation, Dr. Rahman, 5 Jan 2026 10:00".
    pub description: String,
    pub customer_email: Option<String>,
    /// Where the provider sends the patient back. Stripe gets
    /// `session_id={CHECKOUT_SESSION_ID}` appended when it is not there;
    /// bKash appends `paymentID` and `status`; Razorpay POSTs its fields here.
    pub return_url: String,
    /// Where "back" or "cancel" at the provider leads.
    pub cancel_url: String,
    /// The end of the slot's hold; providers that can expire a checkout use it.
    pub expires_at: Option<Timestamp>,
    /// Sent to providers that take one, so a retried create makes no second
    /// checkout. Deterministic per payment, e.g. `checkout:<payment id>`.
    pub idempotency_key: String,
}

/// An open checkout at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Stripe session id, Razorpay order id, bKash paymentID: stored on the payment.
    pub provider_ref: String,
    pub next: CheckoutNext,
}

/// How the patient gets to the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutNext {
    /// Send the browser here (Stripe, bKash, the simulated page).
    Redirect { url: String },
    /// Open Razorpay Checkout (script `https://checkout.razorpay.com/v1/checkout.js`)
    /// or POST the hosted form to `hosted_url` with these values.
    RazorpayCheckout {
        key_id: String,
        order_id: String,
        amount: Money,
        callback_url: String,
        cancel_url: String,
        hosted_url: String,
    },
}

/// A webhook as it arrived: the raw body bytes (never re-serialised) and the headers.
#[derive(Debug, Clone, Default)]
pub struct WebhookRequest {
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl WebhookRequest {
    /// The first header of that name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The provider's own parameters on the return to Consulta (query string, or
/// Razorpay's form POST).
#[derive(Debug, Clone, Default)]
pub struct ReturnParams(pub Vec<(String, String)>);

impl ReturnParams {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A refund to ask for; `amount` `None` is the whole remaining amount.
#[derive(Debug, Clone)]
pub struct RefundRequest {
    pub payment: PaymentId,
    /// The checkout (bKash needs its paymentID).
    pub provider_ref: String,
    /// The transaction from the paid event (Stripe intent, Razorpay payment, bKash trxID).
    pub transaction_ref: String,
    pub amount: Money,
    pub reason: String,
    /// The same key on every retry of this refund, e.g. `refund-<payment>-<n>`;
    /// letters, digits, `-` and `_`, at least 10 characters (Razorpay's rule).
    pub idempotency_key: String,
}

/// A refund as the provider recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRefund {
    pub refund_ref: String,
    pub amount: Money,
    pub status: RefundStatus,
}

#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Which provider this is.
    fn provider(&self) -> Provider;

    /// Opens a checkout for the payment.
    /// Errors: `Temporary` (retry with the same idempotency key), `Final`,
    /// `UnsupportedCurrency`.
    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError>;

    /// Verifies a webhook from the raw body and headers, at `now` for the
    /// timestamp tolerance, and types its event.
    /// Errors: `BadSignature`, `MissingHeader`, `StaleTimestamp`, `Malformed`,
    /// `Unsupported` (a provider whose webhooks this adapter cannot verify).
    /// Async because a verification may need a provider's signing
    /// certificate (bKash's notifications come signed over Amazon SNS).
    async fn verify_webhook(
        &self,
        request: &WebhookRequest,
        now: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected>;

    /// The checkout a return names, read from the provider's own parameters
    /// (never from the session cookie), so the web can find the payment.
    fn return_ref(&self, params: &ReturnParams) -> Option<String>;

    /// Proves a return with the provider, for the payment whose stored
    /// checkout is `provider_ref` (Stripe: retrieve the session; Razorpay:
    /// verify `order_id|payment_id` with the key secret, then fetch the
    /// payment; bKash: execute, then query).
    /// Errors: `Unproven` (a bad signature, a different checkout), `Temporary`, `Final`.
    async fn confirm_return(
        &self,
        provider_ref: &str,
        params: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError>;

    /// Asks the provider where the checkout stands (reconciliation).
    /// Errors: `Temporary`, `Final` (unknown at the provider).
    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError>;

    /// Refunds all or part of a paid payment; a retry with the same key makes no second refund
    /// where the provider takes a key (Stripe, Razorpay).
    /// Errors: `Temporary`, `Final` (not refundable, more than was paid).
    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError>;

    /// Closes an open checkout so the patient can no longer pay (the hold ran out).
    /// Errors: `Unsupported` (Razorpay, bKash have no such call: the use case
    /// cancels locally and refunds a late payment), `Temporary`, `Final`.
    async fn expire_checkout(&self, provider_ref: &str) -> Result<(), PaymentError>;
}
