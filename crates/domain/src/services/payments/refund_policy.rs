//! `payments.refund_policy`: what a patient's own cancellation of a paid
//! appointment gets back ("full", "none" or a percentage such as "50%"),
//! computed in minor units without floats, rounded down.

use crate::model::Money;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefundPolicy {
    #[default]
    Full,
    None,
    /// This share of the amount paid, 0 to 100.
    Percent(u8),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "payments.refund_policy is \"full\", \"none\" or a percentage from 0% to 100%, such as \"50%\""
)]
pub struct RefundPolicyError;

impl FromStr for RefundPolicy {
    type Err = RefundPolicyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "full" => Ok(Self::Full),
            "none" => Ok(Self::None),
            other => {
                let digits = other.strip_suffix('%').ok_or(RefundPolicyError)?;
                if digits.is_empty()
                    || digits.len() > 3
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(RefundPolicyError);
                }
                let percent: u8 = digits.parse().map_err(|_| RefundPolicyError)?;
                if percent > 100 {
                    return Err(RefundPolicyError);
                }
                Ok(Self::Percent(percent))
            }
        }
    }
}

impl RefundPolicy {
    /// What comes back of `paid`, in its currency, rounded down to the minor unit.
    pub fn refund_for(&self, paid: Money) -> Money {
        let minor = match self {
            Self::Full => paid.minor(),
            Self::None => 0,
            Self::Percent(percent) => {
                let share = i128::from(paid.minor()) * i128::from(*percent) / 100;
                // At most `paid`, so it fits back into i64.
                i64::try_from(share).unwrap_or(paid.minor())
            }
        };
        Money::new(minor.max(0), paid.currency())
    }
}

impl fmt::Display for RefundPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full => f.write_str("full"),
            Self::None => f.write_str("none"),
            Self::Percent(percent) => write!(f, "{percent}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn bdt(minor: i64) -> Money {
        Money::new(minor, Currency::parse("BDT").unwrap())
    }

    #[test]
    fn policies_parse_from_their_settings() {
        for (text, policy) in [
            ("full", RefundPolicy::Full),
            ("none", RefundPolicy::None),
            ("50%", RefundPolicy::Percent(50)),
            ("0%", RefundPolicy::Percent(0)),
            ("100%", RefundPolicy::Percent(100)),
            (" 25% ", RefundPolicy::Percent(25)),
        ] {
            assert_eq!(text.parse::<RefundPolicy>(), Ok(policy), "{text:?}");
            assert_eq!(policy.to_string().parse::<RefundPolicy>(), Ok(policy));
        }
        for (junk, why) in [
            ("", "empty"),
            ("50", "no percent sign"),
            ("50.5%", "a fraction"),
            ("-5%", "negative"),
            ("101%", "above 100"),
            ("%", "no digits"),
            ("Full", "another case"),
            ("1000%", "four digits"),
        ] {
            assert!(junk.parse::<RefundPolicy>().is_err(), "{why}: {junk:?}");
        }
    }

    #[test]
    fn refunds_are_whole_minor_units_rounded_down() {
        assert_eq!(RefundPolicy::Full.refund_for(bdt(150_001)), bdt(150_001));
        assert_eq!(RefundPolicy::None.refund_for(bdt(150_001)), bdt(0));
        assert_eq!(
            RefundPolicy::Percent(50).refund_for(bdt(150_001)),
            bdt(75_000)
        );
        assert_eq!(RefundPolicy::Percent(33).refund_for(bdt(100)), bdt(33));
        assert_eq!(RefundPolicy::Percent(100).refund_for(bdt(99)), bdt(99));
        let huge = bdt(i64::MAX);
        assert_eq!(
            RefundPolicy::Percent(100).refund_for(huge),
            huge,
            "no overflow"
        );
    }
}
