//! Stripe's objects as the system reads them (checkout session, refund, event)
//! and what each means in the domain's words (§2.2, §2.3, §2.7, §2.8).

use consulta_domain::model::{Currency, Money, PaymentId};
use consulta_domain::ports::{PaymentEvent, PaymentEventKind, ProviderRefund, RefundStatus};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
pub(super) struct Session {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub payment_status: Option<String>,
    #[serde(default)]
    pub payment_intent: Option<IdOrObject>,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

/// `payment_intent` is an id, or the object when expanded.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum IdOrObject {
    Id(String),
    Object { id: String },
}

impl IdOrObject {
    fn id(&self) -> &str {
        match self {
            Self::Id(id) | Self::Object { id } => id,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub payment_intent: Option<String>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: EventData,
}

#[derive(Debug, Deserialize)]
pub(super) struct EventData {
    pub object: serde_json::Value,
}

fn money(minor: Option<i64>, currency: Option<&str>) -> Result<Money, String> {
    let minor = minor.ok_or("no amount")?;
    let currency = Currency::parse(currency.ok_or("no currency")?).map_err(|e| e.to_string())?;
    Ok(Money::new(minor, currency))
}

fn payment_id(metadata: &HashMap<String, String>, reference: Option<&str>) -> Option<PaymentId> {
    metadata
        .get("payment_id")
        .map(String::as_str)
        .or(reference)
        .and_then(|id| id.parse().ok())
        .map(PaymentId::new)
}

impl Session {
    /// Paid once complete and paid; Expired once expired; otherwise Pending
    /// (open, or complete with a delayed method still `unpaid`).
    pub(super) fn event(&self, event_id: Option<String>) -> Result<PaymentEvent, String> {
        let kind = match (self.status.as_deref(), self.payment_status.as_deref()) {
            (Some("complete"), Some("paid" | "no_payment_required")) => PaymentEventKind::Paid {
                amount: money(self.amount_total, self.currency.as_deref())?,
                transaction_ref: self
                    .payment_intent
                    .as_ref()
                    .map_or_else(|| self.id.clone(), |pi| pi.id().to_owned()),
            },
            (Some("expired"), _) => PaymentEventKind::Expired,
            _ => PaymentEventKind::Pending,
        };
        Ok(self.with_kind(event_id, kind))
    }

    pub(super) fn payment_intent_id(&self) -> Option<String> {
        self.payment_intent.as_ref().map(|pi| pi.id().to_owned())
    }

    pub(super) fn with_kind(
        &self,
        event_id: Option<String>,
        kind: PaymentEventKind,
    ) -> PaymentEvent {
        PaymentEvent {
            event_id,
            provider_ref: Some(self.id.clone()),
            payment: payment_id(&self.metadata, self.client_reference_id.as_deref()),
            kind,
        }
    }
}

impl Refund {
    pub(super) fn status(&self) -> RefundStatus {
        match self.status.as_deref() {
            Some("succeeded") => RefundStatus::Succeeded,
            Some("failed" | "canceled") => RefundStatus::Failed,
            _ => RefundStatus::Pending,
        }
    }

    pub(super) fn provider_refund(&self) -> Result<ProviderRefund, String> {
        Ok(ProviderRefund {
            refund_ref: self.id.clone(),
            amount: money(Some(self.amount), Some(&self.currency))?,
            status: self.status(),
        })
    }

    pub(super) fn event(&self, event_id: String) -> Result<PaymentEvent, String> {
        Ok(PaymentEvent {
            event_id: Some(event_id),
            provider_ref: None,
            payment: payment_id(&self.metadata, None),
            kind: PaymentEventKind::Refund {
                refund_ref: self.id.clone(),
                amount: money(Some(self.amount), Some(&self.currency))?,
                status: self.status(),
                transaction_ref: self.payment_intent.clone(),
            },
        })
    }
}

/// Stripe's zero-decimal currencies (§2.2): amounts in whole units.
const ZERO_DECIMAL: [&str; 16] = [
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];

/// Whether Stripe reads `Money::minor` for this currency as the domain means it:
/// a currency whose decimals the two count differently would be charged wrongly.
pub(super) fn same_minor_units(currency: Currency) -> bool {
    let stripe_exponent = if ZERO_DECIMAL.contains(&currency.code()) {
        0
    } else {
        2
    };
    stripe_exponent == currency.exponent()
}
