//! Razorpay Orders, Checkout signatures, refunds and webhooks (provider-contracts §3).

mod body;
mod config;
mod errors;
mod webhook;

pub use config::{
    RazorpayConfig, DEFAULT_RAZORPAY_API_BASE, DEFAULT_RAZORPAY_HOSTED_CHECKOUT,
    DEFAULT_RAZORPAY_TIMEOUT, DEFAULT_RAZORPAY_WEBHOOK_MAX_AGE, RAZORPAY_CHECKOUT_SCRIPT,
};

use crate::http::{base_url, client, join, required, transport, unreadable};
use crate::setup_error::SetupError;
use crate::signature::hmac_matches;
use async_trait::async_trait;
use body::{Collection, Order, Payment, Refund};
use consulta_domain::model::Provider;
use consulta_domain::ports::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentError, PaymentEvent, PaymentEventKind,
    PaymentGateway, ProviderRefund, RefundRequest, ReturnParams, VerifiedWebhook, WebhookRejected,
    WebhookRequest,
};
use jiff::Timestamp;
use reqwest::{Method, RequestBuilder};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::json;
use std::fmt;
use url::Url;

const NAME: &str = "Razorpay";

/// Payments through Razorpay Checkout (Standard or hosted) on an Order.
pub struct RazorpayGateway {
    http: reqwest::Client,
    api_base: Url,
    config: RazorpayConfig,
}

impl RazorpayGateway {
    pub fn new(config: RazorpayConfig) -> Result<Self, SetupError> {
        let api_base = base_url("razorpay", "api_base", &config.api_base)?;
        base_url(
            "razorpay",
            "hosted_checkout_url",
            &config.hosted_checkout_url,
        )?;
        if config.key_id.trim().is_empty() {
            return Err(SetupError::Missing {
                provider: "razorpay",
                key: "key_id",
            });
        }
        required("razorpay", "key_secret", &config.key_secret)?;
        required("razorpay", "webhook_secret", &config.webhook_secret)?;
        let http = client("razorpay", config.timeout)?;
        Ok(Self {
            http,
            api_base,
            config,
        })
    }

    fn request(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        self.http
            .request(method, join(&self.api_base, segments))
            .basic_auth(
                &self.config.key_id,
                Some(self.config.key_secret.expose_secret()),
            )
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        what: &str,
    ) -> Result<T, PaymentError> {
        let response = request.send().await.map_err(|e| transport(NAME, e))?;
        if !response.status().is_success() {
            return Err(errors::refusal(response).await);
        }
        let text = response.text().await.map_err(|e| transport(NAME, e))?;
        serde_json::from_str(&text).map_err(|e| unreadable(NAME, what, e))
    }

    /// Orders take no idempotency header: after a create whose answer was
    /// lost, the order is found again by its receipt (§3.2).
    async fn order_by_receipt(&self, receipt: &str) -> Result<Option<Order>, PaymentError> {
        let request = self
            .request(Method::GET, &["orders"])
            .query(&[("receipt", receipt)]);
        let found: Collection<Order> = self.send(request, "find order by receipt").await?;
        Ok(found.items.into_iter().next())
    }

    async fn payment(&self, id: &str) -> Result<Payment, PaymentError> {
        self.send(
            self.request(Method::GET, &["payments", id]),
            "fetch payment",
        )
        .await
    }

    fn checkout_of(&self, order: Order, request: &CheckoutRequest) -> Checkout {
        Checkout {
            next: CheckoutNext::RazorpayCheckout {
                key_id: self.config.key_id.clone(),
                order_id: order.id.clone(),
                amount: request.amount,
                callback_url: request.return_url.clone(),
                cancel_url: request.cancel_url.clone(),
                hosted_url: self.config.hosted_checkout_url.clone(),
            },
            provider_ref: order.id,
        }
    }
}

fn event(provider_ref: &str, kind: PaymentEventKind) -> PaymentEvent {
    PaymentEvent {
        event_id: None,
        provider_ref: Some(provider_ref.to_owned()),
        payment: None,
        kind,
    }
}

/// Razorpay's rule for `X-Refund-Idempotency` (§3.6).
fn valid_refund_key(key: &str) -> bool {
    key.len() >= 10
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[async_trait]
impl PaymentGateway for RazorpayGateway {
    fn provider(&self) -> Provider {
        Provider::Razorpay
    }

    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        let receipt: String = request.idempotency_key.chars().take(40).collect();
        let body = json!({
            "amount": request.amount.minor(),
            "currency": request.amount.currency().code(),
            "receipt": receipt,
            "notes": {
                "appointment_id": request.appointment.to_string(),
                "payment_id": request.payment.to_string(),
            },
            "partial_payment": false,
        });
        let create = self.request(Method::POST, &["orders"]).json(&body);
        match self.send::<Order>(create, "create order").await {
            Ok(order) => Ok(self.checkout_of(order, request)),
            Err(lost) if lost.is_temporary() => match self.order_by_receipt(&receipt).await {
                Ok(Some(order))
                    if order.amount == request.amount.minor()
                        && order
                            .currency
                            .eq_ignore_ascii_case(request.amount.currency().code()) =>
                {
                    Ok(self.checkout_of(order, request))
                }
                _ => Err(lost),
            },
            Err(refused) => Err(refused),
        }
    }

    async fn verify_webhook(
        &self,
        request: &WebhookRequest,
        now: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        let mut secrets = vec![&self.config.webhook_secret];
        secrets.extend(self.config.previous_webhook_secret.as_ref());
        webhook::verify(request, &secrets, now, self.config.webhook_max_age)
    }

    fn return_ref(&self, params: &ReturnParams) -> Option<String> {
        params.get("razorpay_order_id").map(str::to_owned)
    }

    /// The signature is over *our* order id and the posted payment id; then
    /// the payment itself says whether it was captured, and for how much.
    async fn confirm_return(
        &self,
        provider_ref: &str,
        params: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        let (Some(payment_id), Some(signature)) = (
            params.get("razorpay_payment_id"),
            params.get("razorpay_signature"),
        ) else {
            // A failure return carries no signature: ask Razorpay instead.
            return self.lookup(provider_ref).await;
        };
        let signed = [provider_ref.as_bytes(), b"|", payment_id.as_bytes()];
        if !hmac_matches(&self.config.key_secret, &signed, signature) {
            return Err(PaymentError::Unproven(
                "the Razorpay signature does not match".into(),
            ));
        }
        let payment = self.payment(payment_id).await?;
        if payment.order_id.as_deref() != Some(provider_ref) {
            return Err(PaymentError::Unproven(
                "the Razorpay payment belongs to another order".into(),
            ));
        }
        let kind = payment
            .kind()
            .map_err(|e| unreadable(NAME, "fetch payment", e))?;
        Ok(event(provider_ref, kind))
    }

    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        let order: Order = self
            .send(
                self.request(Method::GET, &["orders", provider_ref]),
                "fetch order",
            )
            .await?;
        if order.status != "paid" {
            return Ok(event(provider_ref, PaymentEventKind::Pending));
        }
        let payments: Collection<Payment> = self
            .send(
                self.request(Method::GET, &["orders", provider_ref, "payments"]),
                "fetch order payments",
            )
            .await?;
        let paid = payments
            .items
            .iter()
            .find(|p| matches!(p.status.as_str(), "captured" | "refunded"))
            .ok_or_else(|| {
                unreadable(
                    NAME,
                    "fetch order payments",
                    "a paid order with no captured payment",
                )
            })?;
        let kind = paid
            .kind()
            .map_err(|e| unreadable(NAME, "fetch order payments", e))?;
        Ok(event(provider_ref, kind))
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        if !valid_refund_key(&request.idempotency_key) {
            return Err(PaymentError::Final {
                code: None,
                message: "a Razorpay refund key is at least 10 letters, digits, - or _".into(),
            });
        }
        let body = json!({
            "amount": request.amount.minor(),
            "notes": {
                "payment_id": request.payment.to_string(),
                "reason": request.reason,
            },
        });
        let call = self
            .request(
                Method::POST,
                &["payments", &request.transaction_ref, "refund"],
            )
            .header("X-Refund-Idempotency", &request.idempotency_key)
            .json(&body);
        let refund: Refund = self.send(call, "create refund").await?;
        refund
            .provider_refund()
            .map_err(|e| unreadable(NAME, "create refund", e))
    }

    /// Orders cannot be cancelled; a payment after the hold is refunded by the use case.
    async fn expire_checkout(&self, _provider_ref: &str) -> Result<(), PaymentError> {
        Err(PaymentError::Unsupported {
            provider: NAME,
            what: "cancel an order",
        })
    }
}

impl fmt::Debug for RazorpayGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RazorpayGateway")
            .field("api_base", &self.api_base.as_str())
            .field("key_id", &self.config.key_id)
            .field("secrets", &"[redacted]")
            .finish()
    }
}
