//! How a payment taken at the clinic's desk was made; stored in the
//! payment's checkout reference (`cash-12`), shown to staff.

/// Stored names fixed: `cash`, `card_terminal`, `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClinicMethod {
    Cash,
    CardTerminal,
    Other,
}

impl ClinicMethod {
    pub const ALL: [ClinicMethod; 3] = [Self::Cash, Self::CardTerminal, Self::Other];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::CardTerminal => "card_terminal",
            Self::Other => "other",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == stored)
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::CardTerminal => "Card terminal",
            Self::Other => "Other",
        }
    }

    /// The payment's checkout reference: unique per payment, naming the method.
    pub fn checkout_ref(&self, payment: super::PaymentId) -> String {
        format!("{}-{payment}", self.as_str())
    }

    /// The method named by a clinic payment's checkout reference.
    pub fn from_checkout_ref(reference: &str) -> Option<Self> {
        let (method, _) = reference.rsplit_once('-')?;
        Self::parse(method)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaymentId;

    #[test]
    fn methods_round_trip_through_their_names_and_checkout_refs() {
        for method in ClinicMethod::ALL {
            assert_eq!(ClinicMethod::parse(method.as_str()), Some(method));
            let reference = method.checkout_ref(PaymentId::new(12));
            assert_eq!(ClinicMethod::from_checkout_ref(&reference), Some(method));
        }
        assert_eq!(ClinicMethod::parse("cheque"), None);
        assert_eq!(ClinicMethod::from_checkout_ref("cs_test_123"), None);
    }
}
