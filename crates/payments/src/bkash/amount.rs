//! bKash amounts: decimal strings in taka (`"1500.00"`, `"600"`), converted
//! from and to minor units with exact integer arithmetic (§4.3, §4.10).

use consulta_domain::model::{Currency, Money};

pub(super) const BDT: &str = "BDT";

pub(super) fn bdt() -> Option<Currency> {
    Currency::parse(BDT).ok()
}

/// `"1500.00"` for 150000 poisha.
pub(super) fn to_taka(amount: Money) -> String {
    let minor = amount.minor();
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

/// At most two decimals; anything else is not an amount bKash sends.
pub(super) fn from_taka(text: &str) -> Option<Money> {
    Money::parse_major(text, bdt()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taka_strings_round_trip_exactly() {
        let bdt = bdt().unwrap();
        assert_eq!(to_taka(Money::new(150_000, bdt)), "1500.00");
        assert_eq!(to_taka(Money::new(5, bdt)), "0.05");
        assert_eq!(from_taka("600"), Some(Money::new(60_000, bdt)));
        assert_eq!(from_taka("10.5"), Some(Money::new(1_050, bdt)));
        assert_eq!(from_taka("1.234"), None);
    }
}
