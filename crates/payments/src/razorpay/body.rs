//! Razorpay's entities as the system reads them (order, payment, refund,
//! webhook event) and what each means in the domain's words (§3.2–§3.10).

use consulta_domain::model::{Currency, Money, PaymentId};
use consulta_domain::ports::{PaymentEvent, PaymentEventKind, ProviderRefund, RefundStatus};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

/// `notes`: an object, except that an empty one comes as `[]` (§3.2).
#[derive(Debug, Default)]
pub(super) struct Notes(pub HashMap<String, serde_json::Value>);

impl<'de> Deserialize<'de> for Notes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Object(map) => Notes(map.into_iter().collect()),
            _ => Notes::default(),
        })
    }
}

impl Notes {
    fn payment_id(&self) -> Option<PaymentId> {
        match self.0.get("payment_id")? {
            serde_json::Value::String(s) => s.parse().ok(),
            serde_json::Value::Number(n) => n.as_i64(),
            _ => None,
        }
        .map(PaymentId::new)
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Order {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub notes: Notes,
}

#[derive(Debug, Deserialize)]
pub(super) struct Payment {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub error_description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub payment_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Collection<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Deserialize)]
pub(super) struct WebhookBody {
    pub event: String,
    #[serde(default)]
    pub payload: Payload,
    pub created_at: i64,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Payload {
    pub payment: Option<Wrapped<Payment>>,
    pub order: Option<Wrapped<Order>>,
    pub refund: Option<Wrapped<Refund>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Wrapped<T> {
    pub entity: T,
}

pub(super) fn money(minor: i64, currency: &str) -> Result<Money, String> {
    Ok(Money::new(
        minor,
        Currency::parse(currency).map_err(|e| e.to_string())?,
    ))
}

impl Payment {
    /// captured (or since refunded) → Paid; failed → Failed; otherwise Pending.
    pub(super) fn kind(&self) -> Result<PaymentEventKind, String> {
        Ok(match self.status.as_str() {
            "captured" | "refunded" => PaymentEventKind::Paid {
                amount: money(self.amount, &self.currency)?,
                transaction_ref: self.id.clone(),
            },
            "failed" => PaymentEventKind::Failed {
                reason: self
                    .error_description
                    .clone()
                    .unwrap_or_else(|| "the payment failed".into()),
            },
            _ => PaymentEventKind::Pending,
        })
    }
}

impl Refund {
    pub(super) fn status(&self) -> RefundStatus {
        match self.status.as_str() {
            "processed" => RefundStatus::Succeeded,
            "failed" => RefundStatus::Failed,
            _ => RefundStatus::Pending,
        }
    }

    pub(super) fn provider_refund(&self) -> Result<ProviderRefund, String> {
        Ok(ProviderRefund {
            refund_ref: self.id.clone(),
            amount: money(self.amount, &self.currency)?,
            status: self.status(),
        })
    }
}

impl WebhookBody {
    /// The event in the domain's words, or `None` for events the system ignores.
    pub(super) fn event(&self, event_id: String) -> Result<Option<PaymentEvent>, String> {
        let payment = self.payload.payment.as_ref().map(|w| &w.entity);
        let order = self.payload.order.as_ref().map(|w| &w.entity);
        let need_payment = || payment.ok_or_else(|| "no payment in the payload".to_owned());
        let kind = match self.event.as_str() {
            "order.paid" | "payment.captured" | "payment.failed" | "payment.authorized" => {
                need_payment()?.kind()?
            }
            "refund.created" | "refund.processed" | "refund.failed" => {
                let refund = &self
                    .payload
                    .refund
                    .as_ref()
                    .ok_or("no refund in the payload")?
                    .entity;
                PaymentEventKind::Refund {
                    refund_ref: refund.id.clone(),
                    amount: money(refund.amount, &refund.currency)?,
                    status: refund.status(),
                    transaction_ref: refund.payment_id.clone(),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(PaymentEvent {
            event_id: Some(event_id),
            provider_ref: payment
                .and_then(|p| p.order_id.clone())
                .or_else(|| order.map(|o| o.id.clone())),
            payment: order.and_then(|o| o.notes.payment_id()),
            kind,
        }))
    }
}
