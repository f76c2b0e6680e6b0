//! bKash's answers as the system reads them and what each means in the
//! domain's words (§4.3–§4.8, §4.12).

use super::amount::from_taka;
use consulta_domain::ports::{PaymentEvent, PaymentEventKind, ProviderRefund, RefundStatus};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Created {
    #[serde(rename = "paymentID")]
    pub payment_id: String,
    #[serde(rename = "bkashURL")]
    pub bkash_url: String,
}

/// The answer of execute and of payment/status.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentState {
    #[serde(rename = "paymentID")]
    pub payment_id: String,
    #[serde(rename = "trxID", default)]
    pub trx_id: Option<String>,
    #[serde(default)]
    pub transaction_status: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Refunded {
    #[serde(rename = "refundTrxID")]
    pub refund_trx_id: String,
    #[serde(default)]
    pub transaction_status: Option<String>,
    pub amount: String,
}

/// What the customer's return said, to settle a payment bKash still calls `Initiated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Success,
    Failure,
    Cancel,
    Nothing,
}

impl PaymentState {
    /// Completed → Paid; Failed → Failed; Cancelled → Expired. A tokenized
    /// payment completes only by our execute, so one still `Initiated` after
    /// the customer's failure or cancel is settled by what the customer did.
    /// Unknown statuses stay Pending (§4.6).
    pub(super) fn event(&self, said: Said) -> Result<PaymentEvent, String> {
        let kind = match (self.transaction_status.as_deref(), said) {
            (Some("Completed"), _) => PaymentEventKind::Paid {
                amount: self
                    .amount
                    .as_deref()
                    .and_then(from_taka)
                    .ok_or("a completed payment without a readable amount")?,
                transaction_ref: self
                    .trx_id
                    .clone()
                    .ok_or("a completed payment without trxID")?,
            },
            (Some("Failed"), _) | (Some("Initiated"), Said::Failure) => PaymentEventKind::Failed {
                reason: "bKash reports the payment failed".into(),
            },
            (Some("Cancelled"), _) | (Some("Initiated"), Said::Cancel) => PaymentEventKind::Expired,
            _ => PaymentEventKind::Pending,
        };
        Ok(PaymentEvent {
            event_id: None,
            provider_ref: Some(self.payment_id.clone()),
            payment: None,
            kind,
        })
    }

    pub(super) fn completed(&self) -> bool {
        self.transaction_status.as_deref() == Some("Completed")
    }
}

impl Refunded {
    pub(super) fn provider_refund(&self) -> Result<ProviderRefund, String> {
        Ok(ProviderRefund {
            refund_ref: self.refund_trx_id.clone(),
            amount: from_taka(&self.amount).ok_or("an unreadable refund amount")?,
            status: match self.transaction_status.as_deref() {
                Some("Completed") => RefundStatus::Succeeded,
                Some("Failed" | "Cancelled") => RefundStatus::Failed,
                _ => RefundStatus::Pending,
            },
        })
    }
}
