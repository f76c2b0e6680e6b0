//! One payment of an appointment's fee and its state machine: which provider
//! event may move it where, refunds capped at the amount paid, and repeated
//! provider events applied once.

use super::ids::{AppointmentId, PaymentId};
use super::money::Money;

/// The gateway a payment goes through; stored as `payments.provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Stripe,
    Razorpay,
    Bkash,
    /// Consulta's own TEST MODE checkout: no money moves.
    Simulated,
    /// Taken at the clinic's desk (cash, card terminal) and recorded by
    /// staff; no gateway, so a refund is handed back at the desk too.
    Clinic,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Self::Stripe,
        Self::Razorpay,
        Self::Bkash,
        Self::Simulated,
        Self::Clinic,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Stripe => "stripe",
            Self::Razorpay => "razorpay",
            Self::Bkash => "bkash",
            Self::Simulated => "simulated",
            Self::Clinic => "clinic",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == stored)
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Stripe => "Stripe",
            Self::Razorpay => "Razorpay",
            Self::Bkash => "bKash",
            Self::Simulated => "Test mode",
            Self::Clinic => "At the clinic",
        }
    }
}

/// Where a payment stands; stored as `payments.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentState {
    /// Recorded here, nothing asked of the provider yet.
    Created,
    /// A checkout is open at the provider.
    Pending,
    Paid,
    Failed,
    Cancelled,
    PartiallyRefunded,
    Refunded,
}

impl PaymentState {
    pub const ALL: [PaymentState; 7] = [
        Self::Created,
        Self::Pending,
        Self::Paid,
        Self::Failed,
        Self::Cancelled,
        Self::PartiallyRefunded,
        Self::Refunded,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    /// Money was taken at some point (refunds included).
    pub fn was_paid(&self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded | Self::Refunded)
    }
}

/// What a provider (or the clinic) says happened to a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentChange {
    /// A checkout was opened at the provider under this reference.
    CheckoutOpened {
        provider_ref: String,
    },
    /// The provider took the money; `transaction_ref` is its id for refunds
    /// (Stripe's payment intent, Razorpay's payment, bKash's trxID).
    Paid {
        transaction_ref: String,
    },
    Failed,
    Cancelled,
    /// A refund the provider completed, named by its own refund id.
    Refunded {
        refund_ref: String,
        amount: Money,
    },
}

/// A completed refund, kept so the same refund event counts once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRecord {
    pub refund_ref: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentTransitionError {
    #[error("a payment cannot go from {from} to {to}", from = .from.as_str(), to = .to)]
    NotAllowed {
        from: PaymentState,
        to: &'static str,
    },
    #[error("refunds would add up to {total} minor units, more than the {paid} paid")]
    RefundExceedsPaid { paid: i64, total: i64 },
    #[error("a refund must be a positive amount in the payment's currency")]
    BadRefundAmount,
}

/// Whether applying a change moved the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Changed {
        from: PaymentState,
        to: PaymentState,
    },
    /// Already applied (the same event delivered again): nothing changed.
    Unchanged,
}

/// One payment attempt for an appointment; the amount always comes from the
/// server (the fee at booking time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub appointment: AppointmentId,
    pub provider: Provider,
    pub amount: Money,
    pub state: PaymentState,
    /// The provider's id of the checkout: Stripe session, Razorpay order, bKash paymentID.
    pub provider_ref: Option<String>,
    /// The provider's id of the money movement, known once paid.
    pub transaction_ref: Option<String>,
    pub refunds: Vec<RefundRecord>,
}

impl Payment {
    pub fn new(
        id: PaymentId,
        appointment: AppointmentId,
        provider: Provider,
        amount: Money,
    ) -> Self {
        Self {
            id,
            appointment,
            provider,
            amount,
            state: PaymentState::Created,
            provider_ref: None,
            transaction_ref: None,
            refunds: Vec::new(),
        }
    }

    /// Minor units refunded so far.
    pub fn refunded_minor(&self) -> i64 {
        self.refunds.iter().map(|r| r.amount.minor()).sum()
    }

    /// What may still be refunded.
    pub fn refundable(&self) -> Money {
        let left = if self.state.was_paid() {
            self.amount.minor() - self.refunded_minor()
        } else {
            0
        };
        Money::new(left.max(0), self.amount.currency())
    }

    /// Applies a change by the state machine. A change already applied
    /// answers `Unchanged`; one the machine does not allow is an error and
    /// leaves the payment as it was (a late "failed" after "paid" does not unpay).
    pub fn apply(&mut self, change: PaymentChange) -> Result<Applied, PaymentTransitionError> {
        use PaymentState::*;
        let from = self.state;
        let refused = |to: &'static str| Err(PaymentTransitionError::NotAllowed { from, to });
        match change {
            PaymentChange::CheckoutOpened { provider_ref } => match from {
                Created => {
                    self.provider_ref = Some(provider_ref);
                    Ok(self.moved(Pending))
                }
                Pending if self.provider_ref.as_deref() == Some(provider_ref.as_str()) => {
                    Ok(Applied::Unchanged)
                }
                _ => refused("pending"),
            },
            PaymentChange::Paid { transaction_ref } => match from {
                Pending | Failed => {
                    self.transaction_ref = Some(transaction_ref);
                    Ok(self.moved(Paid))
                }
                Paid | PartiallyRefunded | Refunded => Ok(Applied::Unchanged),
                Created | Cancelled => refused("paid"),
            },
            PaymentChange::Failed => match from {
                Pending => Ok(self.moved(Failed)),
                Failed => Ok(Applied::Unchanged),
                _ => refused("failed"),
            },
            PaymentChange::Cancelled => match from {
                Pending => Ok(self.moved(Cancelled)),
                Cancelled => Ok(Applied::Unchanged),
                _ => refused("cancelled"),
            },
            PaymentChange::Refunded { refund_ref, amount } => {
                self.refund(from, RefundRecord { refund_ref, amount })
            }
        }
    }

    fn refund(
        &mut self,
        from: PaymentState,
        record: RefundRecord,
    ) -> Result<Applied, PaymentTransitionError> {
        if self
            .refunds
            .iter()
            .any(|r| r.refund_ref == record.refund_ref)
        {
            return Ok(Applied::Unchanged);
        }
        if !matches!(from, PaymentState::Paid | PaymentState::PartiallyRefunded) {
            return Err(PaymentTransitionError::NotAllowed {
                from,
                to: "refunded",
            });
        }
        if record.amount.minor() <= 0 || record.amount.currency() != self.amount.currency() {
            return Err(PaymentTransitionError::BadRefundAmount);
        }
        let paid = self.amount.minor();
        let total = self.refunded_minor() + record.amount.minor();
        if total > paid {
            return Err(PaymentTransitionError::RefundExceedsPaid { paid, total });
        }
        self.refunds.push(record);
        let to = if total == paid {
            PaymentState::Refunded
        } else {
            PaymentState::PartiallyRefunded
        };
        Ok(self.moved(to))
    }

    fn moved(&mut self, to: PaymentState) -> Applied {
        let from = self.state;
        self.state = to;
        Applied::Changed { from, to }
    }
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
