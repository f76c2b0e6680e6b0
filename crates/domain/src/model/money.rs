//! Amounts of money in integer minor units of an ISO 4217 currency. Never floats.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    #[error("A currency is a three-letter ISO code such as BDT or USD.")]
    Malformed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(code: &str) -> Result<Self, CurrencyError> {
        let code = code.trim();
        let bytes = code.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(CurrencyError::Malformed);
        }
        let upper = code.to_ascii_uppercase();
        let b = upper.as_bytes();
        Ok(Self([b[0], b[1], b[2]]))
    }

    pub fn code(&self) -> &str {
        // Constructed only from three ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217); 2 unless the currency has none or three.
    pub fn exponent(&self) -> u32 {
        match self.code() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = CurrencyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Parses a major-unit amount such as "1500" or "1500.50" without floats.
    pub fn parse_major(input: &str, currency: Currency) -> Option<Self> {
        let input = input.trim();
        let (whole, frac) = input.split_once('.').unwrap_or((input, ""));
        let exponent = currency.exponent() as usize;
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > exponent
        {
            return None;
        }
        let scale = 10_i64.pow(exponent as u32);
        let whole: i64 = whole.parse().ok()?;
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<exponent$}").parse().ok()?
        };
        let minor = whole.checked_mul(scale)?.checked_add(frac_value)?;
        Some(Self::new(minor, currency))
    }

    /// "1,500.00 BDT" style, for people.
    pub fn display(&self) -> String {
        let exponent = self.currency.exponent();
        let scale = 10_i64.pow(exponent);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let whole = abs / scale as u64;
        let frac = abs % scale as u64;
        let whole = group_thousands(whole);
        if exponent == 0 {
            format!("{sign}{whole} {}", self.currency)
        } else {
            format!(
                "{sign}{whole}.{frac:0width$} {}",
                self.currency,
                width = exponent as usize
            )
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bdt() -> Currency {
        Currency::parse("bdt").unwrap()
    }

    #[test]
    fn amounts_display_in_major_units_with_grouping() {
        assert_eq!(Money::new(150_000, bdt()).display(), "1,500.00 BDT");
        assert_eq!(Money::new(5, bdt()).display(), "0.05 BDT");
        assert_eq!(
            Money::new(1500, Currency::parse("JPY").unwrap()).display(),
            "1,500 JPY"
        );
    }

    #[test]
    fn major_amounts_parse_exactly() {
        assert_eq!(
            Money::parse_major("1500", bdt()),
            Some(Money::new(150_000, bdt()))
        );
        assert_eq!(
            Money::parse_major("0.1", bdt()),
            Some(Money::new(10, bdt()))
        );
        assert_eq!(
            Money::parse_major("1.234", bdt()),
            None,
            "too many decimals"
        );
        assert_eq!(Money::parse_major("-5", bdt()), None, "negative fee");
        assert_eq!(Money::parse_major("1e3", bdt()), None, "exponent notation");
    }

    #[test]
    fn currency_codes_are_three_letters() {
        assert_eq!(bdt().code(), "BDT");
        assert!(Currency::parse("TAKA").is_err());
        assert!(Currency::parse("B1T").is_err());
    }
}
