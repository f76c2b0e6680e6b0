//! A fake payment gateway for the use-case tests: it records which calls it
//! got and answers with `cs_1`, a paid event, and refunds as configured.

use super::fake_store::bdt;
use crate::model::Provider;
use crate::ports::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentError, PaymentEvent, PaymentEventKind,
    PaymentGateway, ProviderRefund, RefundRequest, RefundStatus, ReturnParams, VerifiedWebhook,
    WebhookRejected, WebhookRequest,
};
use async_trait::async_trait;
use jiff::Timestamp;
use std::sync::Mutex;

use super::fake_store::FEE;

/// A gateway answering with `cs_1`, a paid event, and refunds as `refund_status`.
pub struct FakeGateway {
    pub calls: Mutex<Vec<String>>,
    pub webhook: Result<VerifiedWebhook, WebhookRejected>,
    pub lookup: PaymentEventKind,
    pub refund_status: RefundStatus,
}

impl FakeGateway {
    pub fn new() -> Self {
        Self {
            calls: Mutex::new(Vec::new()),
            webhook: Ok(VerifiedWebhook::Event(paid_event(Some("evt_1")))),
            lookup: PaymentEventKind::Pending,
            refund_status: RefundStatus::Succeeded,
        }
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn called(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }
}

pub fn paid_event(event_id: Option<&str>) -> PaymentEvent {
    PaymentEvent {
        event_id: event_id.map(str::to_owned),
        provider_ref: Some("cs_1".into()),
        payment: None,
        kind: PaymentEventKind::Paid {
            amount: bdt(FEE),
            transaction_ref: "pi_1".into(),
        },
    }
}

#[async_trait]
impl PaymentGateway for FakeGateway {
    fn provider(&self) -> Provider {
        Provider::Stripe
    }

    async fn start_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, PaymentError> {
        self.called(format!(
            "start_checkout {} {} {}",
            request.amount.minor(),
            request.amount.currency(),
            request.idempotency_key
        ));
        Ok(Checkout {
            provider_ref: "cs_1".into(),
            next: CheckoutNext::Redirect {
                url: "https://pay.example/cs_1".into(),
            },
        })
    }

    async fn verify_webhook(
        &self,
        _: &WebhookRequest,
        _: Timestamp,
    ) -> Result<VerifiedWebhook, WebhookRejected> {
        self.called("verify_webhook".into());
        self.webhook.clone()
    }

    fn return_ref(&self, params: &ReturnParams) -> Option<String> {
        params.get("session_id").map(str::to_owned)
    }

    async fn confirm_return(
        &self,
        provider_ref: &str,
        _: &ReturnParams,
    ) -> Result<PaymentEvent, PaymentError> {
        self.called(format!("confirm_return {provider_ref}"));
        Ok(paid_event(None))
    }

    async fn lookup(&self, provider_ref: &str) -> Result<PaymentEvent, PaymentError> {
        self.called(format!("lookup {provider_ref}"));
        Ok(PaymentEvent {
            kind: self.lookup.clone(),
            ..paid_event(None)
        })
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderRefund, PaymentError> {
        self.called(format!(
            "refund {} {} {}",
            request.transaction_ref,
            request.amount.minor(),
            request.idempotency_key
        ));
        Ok(ProviderRefund {
            refund_ref: format!("re_{}", request.idempotency_key),
            amount: request.amount,
            status: self.refund_status,
        })
    }

    async fn expire_checkout(&self, provider_ref: &str) -> Result<(), PaymentError> {
        self.called(format!("expire_checkout {provider_ref}"));
        Ok(())
    }
}
