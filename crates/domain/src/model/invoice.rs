//! An invoice: issued once with the Paid transition, numbered INV-YYYY-NNNNNN
//! sequentially and without gaps per year, and never changed afterwards.

use super::ids::{AppointmentId, PatientId, PaymentId};
use super::money::Money;
use super::payment::Provider;
use jiff::Timestamp;
use std::fmt;

/// `INV-2026-000001`: the year it was issued and its place in that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceNumber {
    year: i16,
    sequence: u32,
}

impl InvoiceNumber {
    /// The six digits hold up to this many invoices a year.
    pub const MAX_SEQUENCE: u32 = 999_999;

    pub fn new(year: i16, sequence: u32) -> Option<Self> {
        ((1..=9999).contains(&year) && (1..=Self::MAX_SEQUENCE).contains(&sequence))
            .then_some(Self { year, sequence })
    }

    pub fn year(&self) -> i16 {
        self.year
    }

    pub fn sequence(&self) -> u32 {
        self.sequence
    }

    /// Parses the number as shown and stored (`INV-2026-000001`), as an URL carries it.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("INV-")?;
        let (year, sequence) = rest.split_once('-')?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(sequence, 6) {
            return None;
        }
        Self::new(year.parse().ok()?, sequence.parse().ok()?)
    }
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "INV-{:04}-{:06}", self.year, self.sequence)
    }
}

/// The facts an invoice states, copied when it was issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub number: InvoiceNumber,
    pub payment: PaymentId,
    pub appointment: AppointmentId,
    pub patient: PatientId,
    pub patient_name: String,
    pub doctor_name: String,
    pub consultation_starts_at: Timestamp,
    /// The doctor's local date and time of the consultation.
    pub consultation_date: String,
    pub consultation_time: String,
    pub amount: Money,
    pub provider: Provider,
    pub transaction_ref: String,
    pub paid_at: Timestamp,
    pub issued_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_and_parse_as_inv_year_sequence() {
        let n = InvoiceNumber::new(2026, 1).unwrap();
        assert_eq!(n.to_string(), "INV-2026-000001");
        assert_eq!(InvoiceNumber::parse("INV-2026-000001"), Some(n));
        for junk in [
            "INV-2026-1",
            "inv-2026-000001",
            "INV-2026-000000",
            "INV-26-000001",
            "INV-2026-00000a",
            "INV-2026-000001.pdf",
        ] {
            assert_eq!(InvoiceNumber::parse(junk), None, "{junk:?}");
        }
    }
}
