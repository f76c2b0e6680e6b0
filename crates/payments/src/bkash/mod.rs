//! bKash tokenized checkout, URL-based without agreement: grant and refresh
//! tokens, create, execute, query, refund (provider-contracts §4). BDT only.

mod amount;
mod api;
mod body;
mod config;
mod token;

pub use config::{
    BkashConfig, BKASH_SANDBOX_API_BASE, DEFAULT_BKASH_API_BASE, DEFAULT_BKASH_TIMEOUT,
};

use crate::http::{base_url, client, join, required, unreadable};
use crate::setup_error::SetupError;
use amount::{to_taka, BDT};
use api::{send, Failure, NAME, QUERY_CODES};
use async_trait::async_trait;
use body::{Created, PaymentState, Refunded, Said};
use consulta_domain::model::{Currency, Provider};
use consulta_domain::ports::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentError, PaymentEvent, PaymentGateway,
    ProviderRefund, RefundRequest, RefundStatus, ReturnParams, VerifiedWebhook, WebhookRejected,
    WebhookRequest,
};
use jiff::Timestamp;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt;
use token::Tokens;
use url::Url;

/// Payments through bKash's hosted page.
pub struct BkashGateway {
    http: reqwest::Client,
    api_base: Url,
    app_key: secrecy::SecretString,
    tokens: Tokens,
}

impl BkashGateway {
    /// Checks the configuration; nothing is sent (no token asked) until the first call.
    pub fn new(config: BkashConfig) -> Result<Self, SetupError> {
        let api_base = base_url("bkash", "api_base", &config.api_base)?;
        for (key, value) in [
            ("username", &config.username),
            ("password", &config.password),
            ("app_key", &config.app_key),
            ("app_secret", &config.app_secret),
        ] {
            required("bkash", key, value)?;
        }
        let http = client("bkash", config.timeout)?;
        let tokens = Tokens::new(
            http.clone(),
            join(&api_base, &["token", "grant"]),
            join(&api_base, &["token", "refresh"]),
            config.clone(),
        );
        Ok(Self {
            http,
            api_base,
            app_key: config.app_key,
            tokens,
        })
    }

    /// bKash takes taka only: start-up refuses a clinic in another currency.
    pub fn require_currency(currency: Currency) -> Result<(), SetupError> {
        if currency.code() == BDT {
            Ok(())
        } else {
            Err(SetupError::UnsupportedCurrency {
                provider: "bkash",
                currency: currency.code().to_owned(),
            })
        }
    }

    /// POSTs with the current token; a 401 gets one renewed token and one more try.
    async fn call(&self, segments: &[&str], body: &Value) -> Result<Value, Failure> {
        let token = self.tokens.current().await.map_err(Failure::NoAnswer)?;
        match send(self.request(segments, body, token.expose_secret())).await {
            Err(Failure::Unauthorized) => {
                let token = self
                    .tokens
                    .replace(&token)
                    .await
                    .map_err(Failure::NoAnswer)?;
                send(self.request(segments, body, token.expose_secret())).await
            }
            other => other,
        }
    }

    fn request(&self, segments: &[&str], body: &Value, token: &str) -> reqwest::RequestBuilder {
        self.http
            .post(join(&self.api_base, segments))
            .header(reqwest::header::AUTHORIZATION, token)
            .header("X-APP-Key", self.app_key.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .json(body)
    }

    async fn typed<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &Value,
        what: &str,
    ) -> Result<T, PaymentError> {
        let answer = self
            .call(segments, body)
            .await
            .map_err(Failure::into_error)?;
        serde_json::from_value(answer).map_err(|e| unreadable(NAME, what, e))
    }

    async fn query(&self, payment_id: &str) -> Result<PaymentState, PaymentError> {
        self.typed(
            &["payment", "status"],
            &json!({ "paymentID": payment_id }),
            "payment/status",
        )
        .await
    }

    /// Execute is not repeatable and its answer may be lost: anything but a
    /// completed answer is settled by payment/status (§4.5).
    async fn execute_then_query(
        &self,
        payment_id: &str,
        said: Said,
    ) -> Result<PaymentEvent, PaymentError> {
        let executed = self
            .call(&["execute"], &json!({ "paymentID": payment_id }))
            .await;
        if let Ok(answer) = executed {
            if let Ok(state) = serde_json::from_value::<PaymentState>(answer) {
                if state.completed() {
                    return state
                        .event(said)
                        .map_err(|e| unreadable(NAME, "execute", e));
                }
            }
        }
        self.query(payment_id)
            .await?
            .event(said)
            .map_err(|e| unreadable(NAME, "payment/status", e))
    }

    /// Refund v1 status: the same path with only the payment and transaction.
    async fn refund_status(&self, request: &RefundRequest) -> Result<Refunded, PaymentError> {
        let body = json!({ "paymentID": request.provider_ref, "trxID": request.transaction_ref });
        self.typed(&["payment", "refund"], &body, "refund status")
            .await
    }
}

#[async_trait]
impl PaymentGateway for BkashGateway {
    fn provider(&self) -> Provider {
        Provider::Bkash
    }

    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        let currency = request.amount.currency();
        if currency.code() != BDT {
            return Err(PaymentError::UnsupportedCurrency {
                provider: NAME,
                currency: currency.code().to_owned(),
            });
        }
        let body = json!({
            "mode": "0011",
            "payerReference": request.appointment.to_string(),
            "callbackURL": request.return_url,
            "amount": to_taka(request.amount),
            "currency": BDT,
            "intent": "sale",
            "merchantInvoiceNumber": request.idempotency_key,
        });
        let created: Created = self.typed(&["create"], &body, "create").await?;
        Ok(Checkout {
            provider_ref: created.payment_id,
            next: CheckoutNext::Redirect {
                url: created.bkash_url,
            },
        })
    }

    /// bKash's notifications come over Amazon SNS, signed with RSA and a
    /// certificate (§4.11); this adapter does not verify them, so they are
    /// refused and payments are settled by execute, query and reconciliation.
    async fn verify_webhook(
        &self,
        _request: &WebhookRequest,
        _now: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        Err(WebhookRejected::Unsupported(NAME))
    }

    fn return_ref(&self, params: &ReturnParams) -> Option<String> {
        params.get("paymentID").map(str::to_owned)
    }

    /// The callback is unauthenticated (its `signature` has no published
    /// algorithm): only execute and payment/status are believed.
    async fn confirm_return(
        &self,
        provider_ref: &str,
        params: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        if params.get("paymentID") != Some(provider_ref) {
            return Err(PaymentError::Unproven(
                "the callback names another bKash payment".into(),
            ));
        }
        match params.get("status") {
            Some("success") => self.execute_then_query(provider_ref, Said::Success).await,
            Some(other) => {
                let said = if other == "cancel" {
                    Said::Cancel
                } else {
                    Said::Failure
                };
                self.query(provider_ref)
                    .await?
                    .event(said)
                    .map_err(|e| unreadable(NAME, "payment/status", e))
            }
            None => Err(PaymentError::Unproven(
                "the callback carries no status".into(),
            )),
        }
    }

    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        self.query(provider_ref)
            .await?
            .event(Said::Nothing)
            .map_err(|e| unreadable(NAME, "payment/status", e))
    }

    /// Refund v1, as bKash's own plugin uses it. bKash takes no idempotency
    /// key: after a lost answer (or "already reversed") the refund status
    /// says whether this refund happened.
    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        if request.amount.currency().code() != BDT {
            return Err(PaymentError::UnsupportedCurrency {
                provider: NAME,
                currency: request.amount.currency().code().to_owned(),
            });
        }
        let body = json!({
            "paymentID": request.provider_ref,
            "trxID": request.transaction_ref,
            "amount": to_taka(request.amount),
            "sku": request.payment.to_string(),
            "reason": request.reason,
        });
        let failure = match self.call(&["payment", "refund"], &body).await {
            Ok(answer) => {
                let refunded: Refunded =
                    serde_json::from_value(answer).map_err(|e| unreadable(NAME, "refund", e))?;
                return refunded
                    .provider_refund()
                    .map_err(|e| unreadable(NAME, "refund", e));
            }
            Err(failure) => failure,
        };
        let unknown = matches!(failure, Failure::NoAnswer(_))
            || failure.code() == Some("2034")
            || failure.code().is_some_and(|c| QUERY_CODES.contains(&c));
        if unknown {
            if let Ok(status) = self.refund_status(request).await {
                if let Ok(refund) = status.provider_refund() {
                    if refund.amount == request.amount && refund.status == RefundStatus::Succeeded {
                        return Ok(refund);
                    }
                }
            }
        }
        Err(failure.into_error())
    }

    /// bKash has no call to cancel a created payment; one never executed
    /// cannot complete, so the use case cancels it locally.
    async fn expire_checkout(&self, _provider_ref: &str) -> Result<(), PaymentError> {
        Err(PaymentError::Unsupported {
            provider: NAME,
            what: "cancel a created payment",
        })
    }
}

impl fmt::Debug for BkashGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BkashGateway")
            .field("api_base", &self.api_base.as_str())
            .field("credentials", &"[redacted]")
            .finish()
    }
}
