//! Stripe Checkout Sessions, refunds and webhooks (provider-contracts §2).

mod body;
mod config;
mod errors;
mod webhook;

pub use config::{
    StripeConfig, DEFAULT_STRIPE_API_BASE, DEFAULT_STRIPE_TIMEOUT, DEFAULT_WEBHOOK_TOLERANCE,
};

use crate::http::{base_url, client, join, required, transport, unreadable};
use crate::setup_error::SetupError;
use async_trait::async_trait;
use body::{same_minor_units, Refund, Session};
use consulta_domain::model::{Currency, Provider};
use consulta_domain::ports::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentError, PaymentEvent, PaymentGateway,
    ProviderRefund, RefundRequest, ReturnParams, VerifiedWebhook, WebhookRejected, WebhookRequest,
};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, Response};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use std::fmt;
use url::Url;

const NAME: &str = "Stripe";

/// Stripe's allowed `expires_at` window: 30 minutes to 24 hours after creation.
/// A minute's margin each side keeps clock skew from making the create fail.
const EARLIEST_EXPIRY: SignedDuration = SignedDuration::from_mins(31);
const LATEST_EXPIRY: SignedDuration = SignedDuration::from_mins(24 * 60 - 1);

/// Payments through Stripe's hosted Checkout.
pub struct StripeGateway {
    http: reqwest::Client,
    api_base: Url,
    config: StripeConfig,
}

impl StripeGateway {
    /// Checks the configuration; nothing is sent until the first call.
    pub fn new(config: StripeConfig) -> Result<Self, SetupError> {
        let api_base = base_url("stripe", "api_base", &config.api_base)?;
        required("stripe", "secret_key", &config.secret_key)?;
        required("stripe", "webhook_secret", &config.webhook_secret)?;
        let http = client("stripe", config.timeout)?;
        Ok(Self {
            http,
            api_base,
            config,
        })
    }

    /// Stripe charges `Money::minor` as the domain means it only where both
    /// count the same decimals: start-up refuses another currency.
    pub fn require_currency(currency: Currency) -> Result<(), SetupError> {
        if same_minor_units(currency) {
            Ok(())
        } else {
            Err(SetupError::UnsupportedCurrency {
                provider: NAME,
                currency: currency.code().to_owned(),
            })
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        form: Option<(&[(String, String)], &str)>,
        what: &str,
    ) -> Result<T, PaymentError> {
        let mut request = self
            .http
            .request(method, join(&self.api_base, segments))
            .bearer_auth(self.config.secret_key.expose_secret());
        if let Some(version) = &self.config.api_version {
            request = request.header("Stripe-Version", version);
        }
        if let Some((fields, idempotency_key)) = form {
            request = request
                .header("Idempotency-Key", idempotency_key)
                .form(fields);
        }
        let response = request.send().await.map_err(|e| transport(NAME, e))?;
        read(response, what).await
    }

    async fn session(&self, id: &str) -> Result<Session, PaymentError> {
        self.call(
            Method::GET,
            &["checkout", "sessions", id],
            None,
            "retrieve session",
        )
        .await
    }
}

async fn read<T: DeserializeOwned>(response: Response, what: &str) -> Result<T, PaymentError> {
    if !response.status().is_success() {
        return Err(errors::refusal(response).await);
    }
    let text = response.text().await.map_err(|e| transport(NAME, e))?;
    serde_json::from_str(&text).map_err(|e| unreadable(NAME, what, e))
}

fn pair(key: &str, value: impl ToString) -> (String, String) {
    (key.to_owned(), value.to_string())
}

/// Stripe replaces the literal `{CHECKOUT_SESSION_ID}`, so the return route
/// finds the payment from Stripe's own parameter.
fn success_url(return_url: &str) -> String {
    if return_url.contains("{CHECKOUT_SESSION_ID}") {
        return return_url.to_owned();
    }
    let joiner = if return_url.contains('?') { '&' } else { '?' };
    format!("{return_url}{joiner}session_id={{CHECKOUT_SESSION_ID}}")
}

fn checkout_form(request: &CheckoutRequest, now: Timestamp) -> Vec<(String, String)> {
    let currency = request.amount.currency().code().to_ascii_lowercase();
    let mut form = vec![
        pair("mode", "payment"),
        pair("line_items[0][price_data][currency]", currency),
        pair(
            "line_items[0][price_data][unit_amount]",
            request.amount.minor(),
        ),
        pair(
            "line_items[0][price_data][product_data][name]",
            &request.description,
        ),
        pair("line_items[0][quantity]", 1),
        pair("success_url", success_url(&request.return_url)),
        pair("cancel_url", &request.cancel_url),
        pair("client_reference_id", request.payment),
        pair("metadata[appointment_id]", request.appointment),
        pair("metadata[payment_id]", request.payment),
        pair(
            "payment_intent_data[metadata][appointment_id]",
            request.appointment,
        ),
        pair("payment_intent_data[metadata][payment_id]", request.payment),
    ];
    if let Some(email) = &request.customer_email {
        form.push(pair("customer_email", email));
    }
    // A hold outside Stripe's window cannot be mirrored: the session keeps
    // Stripe's default and is expired through the API when the hold runs out.
    if let Some(until) = request.expires_at {
        let ahead = until.duration_since(now);
        if (EARLIEST_EXPIRY..=LATEST_EXPIRY).contains(&ahead) {
            form.push(pair("expires_at", until.as_second()));
        }
    }
    form
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    fn provider(&self) -> Provider {
        Provider::Stripe
    }

    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        let currency = request.amount.currency();
        if !same_minor_units(currency) {
            return Err(PaymentError::UnsupportedCurrency {
                provider: NAME,
                currency: currency.code().to_owned(),
            });
        }
        let form = checkout_form(request, Timestamp::now());
        let session: Session = self
            .call(
                Method::POST,
                &["checkout", "sessions"],
                Some((&form, &request.idempotency_key)),
                "create session",
            )
            .await?;
        let url = session
            .url
            .ok_or_else(|| unreadable(NAME, "create session", "no url"))?;
        Ok(Checkout {
            provider_ref: session.id,
            next: CheckoutNext::Redirect { url },
        })
    }

    async fn verify_webhook(
        &self,
        request: &WebhookRequest,
        now: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        let mut secrets = vec![&self.config.webhook_secret];
        secrets.extend(self.config.previous_webhook_secret.as_ref());
        webhook::verify(request, &secrets, now, self.config.webhook_tolerance)
    }

    fn return_ref(&self, params: &ReturnParams) -> Option<String> {
        params.get("session_id").map(str::to_owned)
    }

    /// The return is unsigned: only the session as Stripe tells it counts.
    async fn confirm_return(
        &self,
        provider_ref: &str,
        params: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        if params.get("session_id") != Some(provider_ref) {
            return Err(PaymentError::Unproven(
                "the return names another Stripe session".into(),
            ));
        }
        self.lookup(provider_ref).await
    }

    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        self.session(provider_ref)
            .await?
            .event(None)
            .map_err(|e| unreadable(NAME, "retrieve session", e))
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        // A paid event without the intent (as in the contract's own example)
        // left the session id: the session names its intent.
        let intent = if request.transaction_ref.starts_with("cs_") {
            self.session(&request.transaction_ref)
                .await?
                .payment_intent_id()
                .ok_or_else(|| PaymentError::Final {
                    code: None,
                    message: "the Stripe session has no payment intent to refund".into(),
                })?
        } else {
            request.transaction_ref.clone()
        };
        let form = vec![
            pair("payment_intent", &intent),
            pair("amount", request.amount.minor()),
            pair("reason", "requested_by_customer"),
            pair("metadata[payment_id]", request.payment),
            pair("metadata[reason]", &request.reason),
        ];
        let refund: Refund = self
            .call(
                Method::POST,
                &["refunds"],
                Some((&form, &request.idempotency_key)),
                "create refund",
            )
            .await?;
        refund
            .provider_refund()
            .map_err(|e| unreadable(NAME, "create refund", e))
    }

    async fn expire_checkout(&self, provider_ref: &str) -> Result<(), PaymentError> {
        let key = format!("expire-{provider_ref}");
        let _: Session = self
            .call(
                Method::POST,
                &["checkout", "sessions", provider_ref, "expire"],
                Some((&[], &key)),
                "expire session",
            )
            .await?;
        Ok(())
    }
}

impl fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeGateway")
            .field("api_base", &self.api_base.as_str())
            .field("secrets", &"[redacted]")
            .finish()
    }
}
