//! The simulated gateway (TEST MODE, no money moves): the signing and
//! verification of its webhook and return, so Consulta's own checkout page
//! (served by the web crate) behaves like a real provider.
//!
//! Webhook: `POST {public_url}/webhooks/simulated` with a JSON
//! [`SimulatedEvent`] body and the header
//! `Consulta-Simulated-Signature: t=<unix seconds>,v1=<hex>`, where `hex` is
//! the lowercase HMAC-SHA256 of `<t>.<raw body>` keyed with the secret: the
//! same scheme and code path as Stripe's, tolerance included.
//!
//! Return: the page sends the browser to the checkout's return URL with
//! `sim_ref`, `status` (`paid` | `failed` | `cancelled`), `amount`,
//! `currency` and `sig` = HMAC-SHA256 of `return|<sim_ref>|<status>|<amount>|<currency>`.

use crate::signature::{hmac_hex, hmac_matches, timestamped_header, verify_timestamped};
use async_trait::async_trait;
use consulta_domain::model::{Currency, Money, PaymentId, Provider};
use consulta_domain::ports::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentError, PaymentEvent, PaymentEventKind,
    PaymentGateway, ProviderRefund, RefundRequest, RefundStatus, ReturnParams, VerifiedWebhook,
    WebhookRejected, WebhookRequest,
};
use jiff::Timestamp;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

pub const SIMULATED_SIGNATURE_HEADER: &str = "Consulta-Simulated-Signature";

/// What [`SimulatedGateway`] needs. `Debug` shows the secret as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct SimulatedConfig {
    /// Where the TEST MODE checkout page lives; the checkout's reference is
    /// appended as one more path segment, e.g. `https://clinic/payments/simulated`.
    pub checkout_base: String,
    /// Generated under data/ like the data key.
    pub webhook_secret: SecretString,
    pub webhook_tolerance: Duration,
}

impl SimulatedConfig {
    /// The checkout page's base and the secret, with Stripe's 300 s tolerance.
    pub fn new(checkout_base: String, webhook_secret: SecretString) -> Self {
        Self {
            checkout_base,
            webhook_secret,
            webhook_tolerance: crate::DEFAULT_WEBHOOK_TOLERANCE,
        }
    }
}

/// One simulated provider event, the body of the signed webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatedEvent {
    /// Unique per event: the dedup key.
    pub id: String,
    /// `payment.succeeded`, `payment.failed`, `checkout.expired`, `refund.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    pub sim_ref: String,
    pub payment_id: i64,
    pub amount: i64,
    pub currency: String,
    /// The refund's own id, on `refund.succeeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_ref: Option<String>,
}

/// The simulated provider, for the web crate's TEST MODE checkout.
pub struct SimulatedGateway {
    config: SimulatedConfig,
}

impl SimulatedGateway {
    pub fn new(config: SimulatedConfig) -> Self {
        Self { config }
    }

    /// The `Consulta-Simulated-Signature` value for `body` sent at `now`.
    pub fn sign_webhook(&self, body: &[u8], now: Timestamp) -> String {
        timestamped_header(&self.config.webhook_secret, now.as_second(), body)
    }

    /// The query parameters of the signed return for a checkout's outcome.
    pub fn signed_return(
        &self,
        sim_ref: &str,
        status: &str,
        amount: Money,
    ) -> Vec<(String, String)> {
        let (minor, currency) = (
            amount.minor().to_string(),
            amount.currency().code().to_owned(),
        );
        let sig = hmac_hex(
            &self.config.webhook_secret,
            &return_parts(sim_ref, status, &minor, &currency),
        );
        [
            ("sim_ref", sim_ref),
            ("status", status),
            ("amount", &minor),
            ("currency", &currency),
            ("sig", &sig),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }
}

fn return_parts<'a>(
    sim_ref: &'a str,
    status: &'a str,
    minor: &'a str,
    currency: &'a str,
) -> [&'a [u8]; 8] {
    [
        b"return|",
        sim_ref.as_bytes(),
        b"|",
        status.as_bytes(),
        b"|",
        minor.as_bytes(),
        b"|",
        currency.as_bytes(),
    ]
}

fn money(minor: i64, currency: &str) -> Option<Money> {
    Currency::parse(currency).ok().map(|c| Money::new(minor, c))
}

fn event_of(e: SimulatedEvent) -> Result<VerifiedWebhook, WebhookRejected> {
    let amount = money(e.amount, &e.currency)
        .ok_or_else(|| WebhookRejected::Malformed("bad currency".into()))?;
    let kind = match e.kind.as_str() {
        "payment.succeeded" => PaymentEventKind::Paid {
            amount,
            transaction_ref: e.sim_ref.clone(),
        },
        "payment.failed" => PaymentEventKind::Failed {
            reason: "declined on the test page".into(),
        },
        "checkout.expired" => PaymentEventKind::Expired,
        "refund.succeeded" => PaymentEventKind::Refund {
            refund_ref: e.refund_ref.clone().unwrap_or_else(|| e.id.clone()),
            amount,
            status: RefundStatus::Succeeded,
            transaction_ref: Some(e.sim_ref.clone()),
        },
        _ => {
            return Ok(VerifiedWebhook::Ignored {
                event_id: Some(e.id),
                event_type: e.kind,
            })
        }
    };
    Ok(VerifiedWebhook::Event(PaymentEvent {
        event_id: Some(e.id),
        provider_ref: Some(e.sim_ref),
        payment: Some(PaymentId::new(e.payment_id)),
        kind,
    }))
}

#[async_trait]
impl PaymentGateway for SimulatedGateway {
    fn provider(&self) -> Provider {
        Provider::Simulated
    }

    /// One reference per payment, so a second Pay click reuses the page.
    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        let sim_ref = format!("sim_{}", request.payment);
        let base = self.config.checkout_base.trim_end_matches('/');
        Ok(Checkout {
            next: CheckoutNext::Redirect {
                url: format!("{base}/{sim_ref}"),
            },
            provider_ref: sim_ref,
        })
    }

    async fn verify_webhook(
        &self,
        request: &WebhookRequest,
        now: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        verify_timestamped(
            SIMULATED_SIGNATURE_HEADER,
            request.header(SIMULATED_SIGNATURE_HEADER),
            &request.body,
            &[&self.config.webhook_secret],
            now,
            self.config.webhook_tolerance,
        )?;
        let event: SimulatedEvent = serde_json::from_slice(&request.body)
            .map_err(|e| WebhookRejected::Malformed(e.to_string()))?;
        event_of(event)
    }

    fn return_ref(&self, params: &ReturnParams) -> Option<String> {
        params.get("sim_ref").map(str::to_owned)
    }

    async fn confirm_return(
        &self,
        provider_ref: &str,
        params: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        let unproven = |why: &str| PaymentError::Unproven(why.to_owned());
        let field = |name| {
            params
                .get(name)
                .ok_or_else(|| unproven("a field of the return is missing"))
        };
        let (sim_ref, status, minor, currency, sig) = (
            field("sim_ref")?,
            field("status")?,
            field("amount")?,
            field("currency")?,
            field("sig")?,
        );
        if sim_ref != provider_ref {
            return Err(unproven("the return names another checkout"));
        }
        if !hmac_matches(
            &self.config.webhook_secret,
            &return_parts(sim_ref, status, minor, currency),
            sig,
        ) {
            return Err(unproven("the return's signature does not match"));
        }
        let amount = minor
            .parse()
            .ok()
            .and_then(|m| money(m, currency))
            .ok_or_else(|| unproven("the return's amount is unreadable"))?;
        let kind = match status {
            "paid" => PaymentEventKind::Paid {
                amount,
                transaction_ref: sim_ref.to_owned(),
            },
            "failed" => PaymentEventKind::Failed {
                reason: "declined on the test page".into(),
            },
            _ => PaymentEventKind::Expired,
        };
        Ok(PaymentEvent {
            event_id: None,
            provider_ref: Some(sim_ref.to_owned()),
            payment: None,
            kind,
        })
    }

    /// The simulated provider keeps no state of its own: what happened is
    /// what its signed webhook and return said.
    async fn lookup(&self, _provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        Err(PaymentError::Unsupported {
            provider: "the simulated gateway",
            what: "look a payment up",
        })
    }

    /// Succeeds at once; the refund id follows the key, so a retry names the same refund.
    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        Ok(ProviderRefund {
            refund_ref: format!("sim_re_{}", request.idempotency_key),
            amount: request.amount,
            status: RefundStatus::Succeeded,
        })
    }

    async fn expire_checkout(&self, _provider_ref: &str) -> Result<(), PaymentError> {
        Ok(())
    }
}

impl fmt::Debug for SimulatedGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatedGateway")
            .field("checkout_base", &self.config.checkout_base)
            .field("secret", &"[redacted]")
            .finish()
    }
}
