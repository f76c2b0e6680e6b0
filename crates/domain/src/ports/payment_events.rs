//! What a payment gateway reports: a provider's event, verified and typed, and
//! the reasons a webhook is rejected or a call fails.

use crate::model::{Money, PaymentChange, PaymentId};
use jiff::SignedDuration;

/// A provider's statement about one payment, from a verified webhook, a
/// verified return, or a lookup. Amounts are as the provider states them:
/// the use case compares them with what was asked before believing a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEvent {
    /// The provider's event id (Stripe `evt_…`, Razorpay `X-Razorpay-Event-Id`,
    /// the simulated gateway's own): the key under which a webhook is recorded
    /// once. `None` for returns and lookups, which are not deliveries.
    pub event_id: Option<String>,
    /// The checkout it concerns (Stripe session, Razorpay order, bKash
    /// paymentID) when the provider names it.
    pub provider_ref: Option<String>,
    /// Our payment id when the provider echoes it (Stripe metadata).
    pub payment: Option<PaymentId>,
    pub kind: PaymentEventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEventKind {
    /// The money was taken. `transaction_ref` is what refunds need.
    Paid {
        amount: Money,
        transaction_ref: String,
    },
    /// Nothing final yet (checkout open, delayed method, authorised not captured).
    Pending,
    /// This attempt failed; another attempt on the same checkout may still succeed.
    Failed { reason: String },
    /// The checkout expired or was cancelled without payment.
    Expired,
    /// A refund's state at the provider.
    Refund {
        refund_ref: String,
        amount: Money,
        status: RefundStatus,
        /// The payment's transaction ref (Stripe intent, Razorpay payment) when given.
        transaction_ref: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStatus {
    Pending,
    Succeeded,
    Failed,
}

/// What an event means for a payment that asked for `asked`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventVerdict {
    /// Feed this to `Payment::apply`.
    Apply(PaymentChange),
    /// The provider states another amount or currency than was asked: not
    /// paid, and flagged for admins (the provider is still answered 200).
    AmountMismatch { asked: Money, stated: Money },
    /// Nothing to change yet (still pending, a refund still pending, or a
    /// failed refund, which leaves the payment as it was).
    NoChange,
}

impl PaymentEventKind {
    pub fn verdict(&self, asked: Money) -> EventVerdict {
        match self {
            Self::Paid {
                amount,
                transaction_ref,
            } => {
                if *amount == asked {
                    EventVerdict::Apply(PaymentChange::Paid {
                        transaction_ref: transaction_ref.clone(),
                    })
                } else {
                    EventVerdict::AmountMismatch {
                        asked,
                        stated: *amount,
                    }
                }
            }
            Self::Pending => EventVerdict::NoChange,
            Self::Failed { .. } => EventVerdict::Apply(PaymentChange::Failed),
            Self::Expired => EventVerdict::Apply(PaymentChange::Cancelled),
            Self::Refund {
                refund_ref,
                amount,
                status: RefundStatus::Succeeded,
                ..
            } => EventVerdict::Apply(PaymentChange::Refunded {
                refund_ref: refund_ref.clone(),
                amount: *amount,
            }),
            Self::Refund { .. } => EventVerdict::NoChange,
        }
    }
}

/// A verified webhook: an event the domain handles, or one it ignores (the
/// web answers 200 to both so the provider stops sending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifiedWebhook {
    Event(PaymentEvent),
    Ignored {
        event_id: Option<String>,
        event_type: String,
    },
}

/// Why a webhook is not believed: the web answers 400 and writes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRejected {
    #[error("webhook signature does not match")]
    BadSignature,
    #[error("webhook header {0} is missing or malformed")]
    MissingHeader(&'static str),
    #[error("webhook timestamp is outside the tolerance")]
    StaleTimestamp,
    #[error("webhook body is not what the provider sends: {0}")]
    Malformed(String),
    /// This provider's webhooks cannot be verified by this adapter.
    #[error("webhooks from {0} are not accepted")]
    Unsupported(&'static str),
}

/// A gateway call that did not work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// Worth retrying later with the same idempotency key: a timeout, no
    /// connection, 409, 429, 5xx, bKash's "query, then retry" codes.
    /// `retry_after` is the provider's own advice, if any.
    #[error("payment provider temporarily unavailable: {message}")]
    Temporary {
        message: String,
        retry_after: Option<SignedDuration>,
    },
    /// The provider refused and will refuse again: bad credentials, an invalid
    /// request, an unknown payment. `code` is the provider's own.
    #[error("payment provider refused: {message}")]
    Final {
        code: Option<String>,
        message: String,
    },
    /// A return whose proof does not hold (a bad Razorpay signature, a bKash
    /// paymentID that is not the one asked about): nothing may be marked.
    #[error("the provider's return could not be verified: {0}")]
    Unproven(String),
    /// The provider cannot do this at all (Razorpay cannot cancel an order).
    #[error("{provider} cannot {what}")]
    Unsupported {
        provider: &'static str,
        what: &'static str,
    },
    /// The provider does not take this currency (bKash: BDT only).
    #[error("{provider} does not take {currency}")]
    UnsupportedCurrency {
        provider: &'static str,
        currency: String,
    },
}

impl PaymentError {
    pub fn temporary(message: impl Into<String>) -> Self {
        Self::Temporary {
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn is_temporary(&self) -> bool {
        matches!(self, Self::Temporary { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::parse(code).unwrap())
    }

    fn paid(amount: Money) -> PaymentEventKind {
        PaymentEventKind::Paid {
            amount,
            transaction_ref: "pi_1".into(),
        }
    }

    #[test]
    fn a_success_for_the_amount_asked_is_applied_and_any_other_is_flagged() {
        let asked = money(150_000, "BDT");
        assert_eq!(
            paid(asked).verdict(asked),
            EventVerdict::Apply(PaymentChange::Paid {
                transaction_ref: "pi_1".into()
            })
        );
        for stated in [money(149_999, "BDT"), money(150_000, "INR")] {
            assert_eq!(
                paid(stated).verdict(asked),
                EventVerdict::AmountMismatch { asked, stated },
                "{stated:?}"
            );
        }
    }

    #[test]
    fn failures_expiries_and_refunds_map_to_their_changes() {
        let asked = money(150_000, "BDT");
        let failed = PaymentEventKind::Failed { reason: "x".into() };
        assert_eq!(
            failed.verdict(asked),
            EventVerdict::Apply(PaymentChange::Failed)
        );
        assert_eq!(
            PaymentEventKind::Expired.verdict(asked),
            EventVerdict::Apply(PaymentChange::Cancelled)
        );
        assert_eq!(
            PaymentEventKind::Pending.verdict(asked),
            EventVerdict::NoChange
        );
        let refund = |status| PaymentEventKind::Refund {
            refund_ref: "re_1".into(),
            amount: money(50_000, "BDT"),
            status,
            transaction_ref: None,
        };
        assert_eq!(
            refund(RefundStatus::Succeeded).verdict(asked),
            EventVerdict::Apply(PaymentChange::Refunded {
                refund_ref: "re_1".into(),
                amount: money(50_000, "BDT")
            })
        );
        for status in [RefundStatus::Pending, RefundStatus::Failed] {
            assert_eq!(refund(status).verdict(asked), EventVerdict::NoChange);
        }
    }
}
