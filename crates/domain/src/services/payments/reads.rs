//! What the payment pages read: a checkout by the provider's own reference
//! (the TEST MODE page, whose address names it).

use super::Payments;
use crate::model::Provider;
use crate::ports::{PaymentRecord, StoreError};

impl Payments {
    /// The payment whose checkout at `provider` is `provider_ref`.
    pub async fn checkout_by_ref(
        &self,
        provider: Provider,
        provider_ref: &str,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        self.ports
            .store
            .payment_by_ref(provider, provider_ref)
            .await
    }
}
