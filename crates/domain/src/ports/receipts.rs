//! Reading what a receipt mail needs about a payment.

use crate::model::{PaymentId, Receipt};
use crate::ports::StoreError;
use async_trait::async_trait;

#[async_trait]
pub trait ReceiptStore: Send + Sync {
    /// The receipt of a paid payment; `None` when it does not exist or is not paid.
    async fn receipt(&self, payment: PaymentId) -> Result<Option<Receipt>, StoreError>;
}
